"""Audit-trail benchmark: appends per second through the service layer with
concurrent writers, and verification speed over a chain of a million events.

    uv run python bench/audit.py [--events N] [--writers 8] [--appends N] [--repeat 3] [--quick]

Prints one `name=value` line per figure. Each database is a throwaway one: a
PostgreSQL database `watchroom_bench` (created and dropped; server from
BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres) and a
temporary SQLite file. Each database runs in a child process of its own, because
Django's settings name one database per process.
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = "watchroom_bench"
TARGETS = {"append_per_s_postgresql": 2000, "verify_per_s": 200_000}


def _pg_url(dbname: str) -> str:
    parts = urlsplit(PG_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, ""))


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url(urlsplit(PG_SERVER).path.lstrip("/") or "postgres"),
                         autocommit=True) as conn:
        conn.execute(sql)


# --- child: one database -------------------------------------------------------------

def _setup(database_url: str, data_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["WATCHROOM_DATA"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "watchroom.settings"
    os.environ.setdefault("WATCHROOM_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _commits_per_s(n: int = 300) -> float:
    """The disk's ceiling: durable single-row commits per second on one connection."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit (n integer)")
    started = time.perf_counter()
    for i in range(n):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit VALUES (%s)", [i])
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_commit")
    return n / seconds


def _writer(k: int, count: int, async_commit: bool, ready, go, results) -> None:
    from django.db import connection

    from watchroom.audit.context import Process
    from watchroom.audit.services import audit_record
    from watchroom.service import service

    @service
    def camera_checked(*, actor, n):
        audit_record(actor=actor, action="bench.camera_checked",
                     target=("devices.camera", str(n % 500), f"Camera {n % 500}"),
                     data={"n": n, "status": "ok"})

    try:
        actor = Process(f"bench-{k}")
        connection.ensure_connection()
        if async_commit:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")
        ready.release()
        go.wait()
        for n in range(count):
            camera_checked(actor=actor, n=n)
        results.put(None)
    except BaseException as exc:
        results.put(repr(exc))
    finally:
        connection.close()


def _appends(total: int, writers: int, *, async_commit: bool = False) -> float:
    """Appends per second: `writers` processes, each on its own connection, each call
    a `@service` function writing one event in its own transaction; the clock stops
    when every event is sealed into the chain."""
    import multiprocessing

    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    ready, go, results = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    per_writer = max(1, total // writers)
    procs = [ctx.Process(target=_writer, args=(k, per_writer, async_commit, ready, go, results))
             for k in range(writers)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    started = time.perf_counter()
    go.set()
    outcomes = [results.get() for _ in procs]
    from watchroom.audit import chain

    chain.seal_pending()  # counted: an append is done when its event is in the chain
    seconds = time.perf_counter() - started
    connections.close_all()
    for p in procs:
        p.join()
    errors = [o for o in outcomes if o]
    if errors:
        raise SystemExit(f"bench: a writer failed: {errors[0]}")
    return per_writer * writers / seconds


def _bulk_load(upto: int) -> None:
    """Extend the chain to `upto` events with correctly chained rows, inserted in bulk
    (inserts are what the append-only triggers allow). They stand for a long past
    history, so the trigger that dates new events by the database's clock is stepped
    around for the load."""
    from django.db import connection, transaction

    from watchroom.audit import chain, insert_triggers

    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1")
        head_seq, prev = cursor.fetchone()
    if head_seq >= upto:
        return
    start = dt.datetime.now(dt.UTC) - dt.timedelta(microseconds=upto * 1000)
    actors = [f"user{k}" for k in range(40)] + ["process:worker", "process:recorder"]
    actions = ["auth.login", "devices.camera.updated", "footage.viewed", "duty.handover",
               "recording.sealed", "core.site.updated"]
    digest, link = chain.body_digest, chain.link_hash
    vendor = connection.vendor
    adapt = connection.ops.adapt_datetimefield_value
    batch: list[tuple] = []
    head_prev = prev

    def flush(cursor) -> None:
        if vendor == "postgresql":
            with cursor.cursor.copy(
                "COPY audit_auditevent (seq, ts, actor, actor_user_id, action, target_type,"
                " target_id, target_label, data, prev_hash, hash) FROM STDIN"
            ) as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            cursor.executemany(
                "INSERT INTO audit_auditevent (seq, ts, actor, actor_user_id, action,"
                " target_type, target_id, target_label, data, prev_hash, hash)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", batch)
        batch.clear()

    with transaction.atomic(), connection.cursor() as cursor:
        for statement in insert_triggers.drop_sql(vendor):
            cursor.execute(statement)
        for seq in range(head_seq + 1, upto + 1):
            ts = start + dt.timedelta(microseconds=seq * 1000)
            uid = seq % 40 if seq % 7 else None
            actor = actors[seq % 42] if uid is not None else "process:worker"
            fields = (ts, actor, uid, actions[seq % 6], "devices.camera", str(seq % 900),
                      f"Camera {seq % 900} 门诊大厅", f'{{"n":{seq},"note":"bench 值"}}')
            hash_ = link(prev, seq, digest(*fields))
            batch.append((seq, ts if vendor == "postgresql" else adapt(ts), *fields[1:],
                          prev, hash_))
            head_prev, prev = prev, hash_
            if len(batch) >= 50_000:
                flush(cursor)
        if batch:
            flush(cursor)
        cursor.execute("UPDATE audit_audithead SET seq = %s, prev_hash = %s, hash = %s"
                       " WHERE id = 1", [upto, head_prev, prev])
        for statement in insert_triggers.create_sql(vendor):
            cursor.execute(statement)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE audit_auditevent")


def _verify() -> tuple[float, int]:
    from watchroom.audit import chain

    started = time.perf_counter()
    result = chain.verify()
    seconds = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"bench: the chain does not verify: {result.reason}")
    return result.count / seconds, result.count


def child(vendor: str, args) -> None:
    with tempfile.TemporaryDirectory(prefix="watchroom-bench-") as tmp:
        if vendor == "postgresql":
            url = _pg_url(PG_NAME)
        else:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        _setup(url, tmp)
        appends = [_appends(args.appends, args.writers) for _ in range(args.repeat)]
        print(f"append_per_s_{vendor}={statistics.median(appends):.0f}", flush=True)
        print(f"durable_commit_per_s_{vendor}={_commits_per_s():.0f}", flush=True)
        if vendor == "postgresql":
            unsynced = [_appends(args.appends, args.writers, async_commit=True)
                        for _ in range(args.repeat)]
            print(f"append_per_s_{vendor}_async_commit={statistics.median(unsynced):.0f}",
                  flush=True)
        _bulk_load(args.events)
        verifies = [_verify() for _ in range(args.repeat)]
        print(f"verify_per_s_{vendor}={statistics.median(v[0] for v in verifies):.0f}",
              flush=True)
        print(f"verify_events_{vendor}={verifies[0][1]}", flush=True)
        from django.db import connection

        connection.close()


# --- parent --------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000,
                        help="chain length to verify (default 1,000,000)")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument("--appends", type=int, default=8000,
                        help="events appended per append measurement (default 8,000)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each figure this many times and print the median")
    parser.add_argument("--quick", action="store_true", help="a tiny run for CI smoke tests")
    parser.add_argument("--child", choices=["postgresql", "sqlite"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.events, args.appends, args.repeat = 2000, 80, 1
    if args.child:
        child(args.child, args)
        return 0

    forwarded = [f"--events={args.events}", f"--writers={args.writers}",
                 f"--appends={args.appends}", f"--repeat={args.repeat}"]
    figures: dict[str, float] = {}
    for vendor in ("postgresql", "sqlite"):
        if vendor == "postgresql":
            _pg_admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
            _pg_admin(f'CREATE DATABASE "{PG_NAME}"')
        try:
            done = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), f"--child={vendor}", *forwarded],
                cwd=ROOT, capture_output=True, text=True, check=False,
            )
        finally:
            if vendor == "postgresql":
                _pg_admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return done.returncode
        for line in done.stdout.splitlines():
            name, _, value = line.partition("=")
            if value:
                figures[name] = float(value)
                print(line, flush=True)
    figures["verify_per_s"] = min(figures["verify_per_s_postgresql"],
                                  figures["verify_per_s_sqlite"])
    print(f"verify_per_s={figures['verify_per_s']:.0f}")
    for name, target in TARGETS.items():
        print(f"{name}_target_ratio={figures[name] / target:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
