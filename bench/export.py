"""Export benchmark: one hour of real 4 Mbit/s H.264 footage, approved from 30.3 s into
a one-minute segment to 30.3 s into the 61st (so both ends are cut off a keyframe),
exported into a signed package of the cut clip, against `cp` of the 61 segment files
plus `sha256sum` of the copies, in the same run; then a request of 24 hours × 4 cameras
(small segments) exported whole, to show there is no cap.

    uv run python bench/export.py [--minutes 60] [--mbps 4] [--repeat 3] [--quick]

Prints `name=value` lines: export_s, baseline_s, ratio (medians), and the large
request's segments, package size and time.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(data: Path) -> None:
    os.environ["WATCHROOM_DATA"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "watchroom.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def real_segment(folder: Path, seconds: int, mbps: float, size: str) -> bytes:
    """One real H.264 segment as the recorder writes it (fragmented MP4, 25 pictures a
    second, a keyframe every 2 s), noisy enough to fill `mbps`."""
    import imageio_ffmpeg

    out = folder / f"segment-{size}-{mbps}.mp4"
    if not out.exists():
        rate = f"{mbps}M"
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25", "-t", str(seconds),
                        "-vf", "noise=alls=24:allf=t", "-c:v", "libx264", "-preset", "ultrafast",
                        "-g", "50", "-b:v", rate, "-minrate", rate, "-maxrate", rate,
                        "-bufsize", rate, "-movflags", "frag_keyframe+empty_moov+default_base_moof",
                        str(out)], check=True)
    return out.read_bytes()


def world(minutes: int, cameras: int, segment_s: int, video: bytes, end_ago_h: float,
          cut_s: float = 0.0):
    """Cameras with sealed segments of real video (the same minute again and again), one
    operator, two approvers with authenticators, one approved request; with `cut_s`, the
    request starts that many seconds into the first segment and ends as far into the
    last, so that both ends are cut off a keyframe."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from watchroom.audit.context import Process
    from watchroom.core import services as core
    from watchroom.core.choices import Role
    from watchroom.core.files import sha256_file
    from watchroom.devices import services as devices
    from watchroom.footage import services
    from watchroom.recording import services as recording
    from watchroom.recording import storage
    from watchroom.twofactor import services as twofactor
    from watchroom.twofactor import totp

    actor = Process("bench")
    policy = core.policy_profile_create(actor=actor, kind="hospital", name=f"bench {minutes}")
    site = core.site_create(actor=actor, code=f"B{minutes}", name=f"bench {minutes}",
                            policy=policy)
    dept = core.department_create(actor=actor, code=f"BD{minutes}", name=f"bench {minutes}",
                                  site=site)
    area = core.area_create(actor=actor, site=site, code=f"BA{minutes}", name=f"bench {minutes}",
                            department=dept)
    rec = devices.recorder_create(actor=actor, code=f"WR{minutes}", name=f"bench {minutes}",
                                  site=site, kind="watchroom")
    end = (timezone.now() - dt.timedelta(hours=end_ago_h)).replace(second=0, microsecond=0)
    start = end - dt.timedelta(minutes=minutes)
    scope = []
    for c in range(cameras):
        camera = devices.camera_create(actor=actor, code=f"C{minutes}-{c}", name=f"cam {c}",
                                       area=area, recorder=rec,
                                       stream_url=f"rtsp://192.0.2.1/{minutes}/{c}")
        t = start
        while t < end:
            relpath = storage.segment_relpath(camera.pk, camera.code, t)
            path = storage.absolute(relpath)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(video)
            digest, size = sha256_file(path)
            recording.segment_seal(actor=actor, camera_id=camera.pk, start=t,
                                   end=t + dt.timedelta(seconds=segment_s), relpath=relpath,
                                   size=size, sha256=digest)
            t += dt.timedelta(seconds=segment_s)
        scope.append((camera, start + dt.timedelta(seconds=cut_s),
                      end - dt.timedelta(seconds=segment_s - cut_s) if cut_s else end))

    def person(role):
        from watchroom.core.roles import GUARDED_ROLES
        from watchroom.core.services import installation

        n = Group.objects.get(name=role).user_set.count()
        guarded = role in GUARDED_ROLES  # R-SEC-1: given as at installation
        staff = core.staff_create(actor=actor, username=f"{role}{minutes}{n}",
                                  password="x" * 12, full_name=role,
                                  employee_no=f"{role[:3]}{minutes}{n}",
                                  roles=[] if guarded else [role])
        if guarded:
            installation.staff_grant_roles(actor=actor, staff=staff, roles=[role])
        return staff.user

    operator, executor = person(Role.OPERATOR), person(Role.OPERATOR)
    approvers = [person(Role.SECURITY_CHIEF), person(Role.DEPUTY_DIRECTOR)]
    from watchroom.footage.rules import Upload

    request = services.request_create(
        actor=operator, requester_type="police", requester_name="bench", requester_unit="bench",
        requester_contact="1", requester_id_number="1", purpose="bench", need="copy",
        scope=scope, officers=[{"name": "a", "badge": "1"}, {"name": "b", "badge": "2"}],
        uploads=[Upload("evidence_notice", "n.pdf", b"%PDF-1.4\n%%EOF\n")])
    for user in approvers:
        _d, secret = twofactor.authenticator_enrol(actor=user)
        twofactor.authenticator_confirm(
            actor=user, code=totp.code_at(secret, totp.current_step() - 1))
        services.request_decide(actor=user, request=request, decision="approved",
                                code=totp.code_at(secret, totp.current_step()))
    request.refresh_from_db()
    return request, executor


def timed_export(request, executor) -> tuple[float, object]:
    from watchroom.footage import exporting, services

    t0 = time.perf_counter()
    export = services.export_create(actor=executor, request=request)
    export = exporting.build_export(export.pk)
    elapsed = time.perf_counter() - t0
    assert export.state == "done", export.error
    return elapsed, export


def baseline(files: list[Path], target: Path) -> float:
    target.mkdir()
    t0 = time.perf_counter()
    subprocess.run(["cp", *map(str, files), str(target)], check=True)
    subprocess.run(["sha256sum", *map(str, sorted(target.iterdir()))], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["sync", "-f", str(target)], check=True)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--mbps", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--big-hours", type=int, default=24)
    parser.add_argument("--quick", action="store_true", help="2 minutes, 2 h × 4 cameras")
    args = parser.parse_args()
    if args.quick:
        args.minutes, args.repeat, args.big_hours = 2, 1, 2
    with tempfile.TemporaryDirectory(prefix="watchroom-export-bench-") as tmp:
        data = Path(tmp) / "data"
        setup_django(data)
        from watchroom.footage import selectors
        from watchroom.recording import storage

        video = real_segment(Path(tmp), 60, args.mbps, "320x240" if args.quick else "1280x720")
        request, executor = world(args.minutes + 1, 1, 60, video, end_ago_h=1, cut_s=30.3)
        files = [storage.absolute(s.path) for s in selectors.segments_in(
            [(i.camera, i.start, i.end) for i in selectors.current_scope(request)])]
        ours, theirs = [], []
        for n in range(args.repeat):
            elapsed, export = timed_export(request, executor)
            ours.append(elapsed)
            package = selectors.exports_dir() / export.path
            size = package.stat().st_size
            package.unlink()
            theirs.append(baseline(files, Path(tmp) / f"copy{n}"))
            shutil.rmtree(Path(tmp) / f"copy{n}")
        total = sum(f.stat().st_size for f in files)
        print(f"segments={len(files)}")
        print(f"footage_bytes={total}")
        print(f"package_bytes={size}")
        print(f"export_s={statistics.median(ours):.2f}")
        print(f"baseline_s={statistics.median(theirs):.2f}")
        print(f"ratio={statistics.median(ours) / statistics.median(theirs):.2f}")

        # No cap: 24 h × 4 cameras of one-minute segments (small ones: the disk here
        # cannot hold 170 GB), one request, one package.
        small = real_segment(Path(tmp), 60, 0.008, "64x48")
        big, big_executor = world(args.big_hours * 60, 4, 60, small, end_ago_h=2)
        elapsed, export = timed_export(big, big_executor)
        print("big_request_cameras=4")
        print(f"big_request_hours={args.big_hours}")
        print(f"big_request_segments={len(export_segments(export))}")
        print(f"big_request_package_bytes={export.bytes}")
        print(f"big_request_export_s={elapsed:.2f}")
    return 0


def export_segments(export):
    from watchroom.footage import selectors

    return list(selectors.segments_in(selectors.export_ranges(export)))


if __name__ == "__main__":
    sys.exit(main())
