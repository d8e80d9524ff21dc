"""Retention benchmark: a catalogue of 10 million segments (100 cameras), of which one
day (1,440 one-minute segments per camera, 144,000 in all) is past retention; time to
find and delete that day, files included, through the retention sweep.

    uv run python bench/retention.py [--segments 10000000] [--cameras 100] [--quick]

PostgreSQL (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres),
in a throwaway database `watchroom_bench_retention`. Prints `name=value` lines.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DB = "watchroom_bench_retention"
PER_DAY = 1440


def _url(dbname: str) -> str:
    parts = urlsplit(PG_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, ""))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


def child(cameras: int, segments: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from watchroom.audit.context import Process
    from watchroom.core import services as core
    from watchroom.devices import services as devices
    from watchroom.recording import services, storage
    from watchroom.recording.models import Segment

    actor = Process("bench")
    profile = core.policy_profile_create(actor=actor, kind="hospital", name="bench")
    site = core.site_create(actor=actor, code="B", name="bench", policy=profile)
    department = core.department_create(actor=actor, code="BD", name="bench", site=site)
    area = core.area_create(actor=actor, site=site, code="BA", name="bench",
                            department=department)
    recorder = devices.recorder_create(actor=actor, code="WR", name="bench", site=site,
                                       kind="watchroom")
    ids = [devices.camera_create(actor=actor, code=f"C{i:03d}", name=f"c{i}", area=area,
                                 recorder=recorder, stream_url=f"rtsp://198.51.100.{i}/").pk
           for i in range(cameras)]
    per_camera = segments // cameras
    t = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO recording_segment (camera_id, start, "end", path, bytes, sha256,
                sealed_at, keep_until, state, verified_at, integrity)
            SELECT c, s, s + interval '60 seconds',
                   format('%%s/%%s.mp4', c, i), 1024, repeat('0', 64), now(),
                   CASE WHEN i < %s THEN now() - interval '1 hour'
                        ELSE now() + interval '30 days' END,
                   'sealed', now(), 'ok'
            FROM unnest(%s::bigint[]) AS c,
                 generate_series(0, %s - 1) AS i,
                 LATERAL (SELECT now() - interval '91 days' + i * interval '60 seconds') AS t(s)
        """, [PER_DAY, ids, per_camera])
        cursor.execute("ANALYZE recording_segment")
    print(f"catalogue_rows={Segment.objects.count()}")
    print(f"catalogue_build_s={time.monotonic() - t:.1f}")
    root = storage.root()
    t = time.monotonic()
    for camera_id in ids:
        folder = root / str(camera_id)
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(PER_DAY):
            (folder / f"{i}.mp4").write_bytes(b"\0" * 1024)
    print(f"files_created_s={time.monotonic() - t:.1f}")
    t = time.monotonic()
    removed = services.retention_sweep(actor=actor, now=timezone.now())
    elapsed = time.monotonic() - t
    left = sum(1 for _ in root.rglob("*.mp4"))
    assert removed["segments"] == PER_DAY * cameras, removed
    assert left == 0, left
    print(f"expired_segments={removed['segments']}")
    print(f"sweep_s={elapsed:.2f}")
    print(f"segments_per_s={removed['segments'] / elapsed:.0f}")
    print(f"remaining_rows={Segment.objects.count()}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--segments", type=int, default=10_000_000)
    parser.add_argument("--cameras", type=int, default=100)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.cameras, args.segments)
        return 0
    if args.quick:
        args.segments, args.cameras = 30_000, 10
    _admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DB}"')
    try:
        with tempfile.TemporaryDirectory(prefix="watchroom-bench-") as data:
            env = {**os.environ, "DATABASE_URL": _url(DB), "WATCHROOM_DATA": data,
                   "DJANGO_SETTINGS_MODULE": "watchroom.settings", "WATCHROOM_LOG_LEVEL": "WARNING"}
            subprocess.run([sys.executable, "-m", "watchroom.cli", "migrate", "-v", "0"],
                           env=env, check=True)
            done = subprocess.run([sys.executable, __file__, "--child", "--segments",
                                   str(args.segments), "--cameras", str(args.cameras)],
                                  env=env, check=False)
            return done.returncode
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
