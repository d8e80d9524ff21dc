import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from watchroom import demo
from watchroom.audit import chain
from watchroom.core.choices import Role
from watchroom.core.models import Area, Department, MonitoringRoom, Site, StaffProfile
from watchroom.devices.models import Camera, Recorder


def test_demo_hospital_is_complete_and_loads_once(db, plans_dir):
    assert demo.load()["loaded"] is True
    assert Site.objects.count() == 2
    assert MonitoringRoom.objects.count() == 1
    assert Department.objects.count() == 8
    assert StaffProfile.objects.count() == 17
    assert Camera.objects.count() == 40
    assert Recorder.objects.filter(kind="nvr").count() == 2
    assert Camera.objects.filter(recorder__kind="watchroom").count() == 4
    assert Area.objects.filter(privacy_sensitive=True).exists()
    roles = set(StaffProfile.objects.values_list("user__groups__name", flat=True))
    assert roles == set(Role.values)
    from watchroom.twofactor import services as twofactor
    from watchroom.twofactor import totp

    chief = StaffProfile.objects.get(user__username="zhangwei").user
    twofactor.check_code(user=chief, rule="R-FOOT-2", code=totp.code_at(
        demo.DEMO_TOTP_SECRET, totp.current_step()))  # the printed key signs
    # R-FOOT-6: the room's people watch the privacy-sensitive areas, but for one.
    from watchroom.core.selectors import in_knowledge_scope
    from watchroom.devices.floor_plans import current_plan, file_of

    users = {p.user.username: p.user for p in StaffProfile.objects.select_related("user")}
    for area in Area.objects.filter(privacy_sensitive=True):
        assert in_knowledge_scope(users["liqiang"], area)
        assert in_knowledge_scope(users["liuyang"], area)
        assert not in_knowledge_scope(users["chenjing"], area)
    hall = Area.objects.get(code=demo.TEST_PATTERN_AREA)
    plan = current_plan(hall)
    assert file_of(plan).stat().st_size == plan.bytes < 50_000
    assert plan.placements.count() == hall.cameras.count() == 4
    assert demo.load()["loaded"] is False
    assert Camera.objects.count() == 40
    assert chain.verify().ok


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _free_udp_ports(count: int) -> int:
    while True:
        base = random.randint(20000, 60000)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()


CAMERA_PORT = str(_free_udp_ports(4))


def _clean_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(WATCHROOM_DATA=str(tmp_path), DJANGO_SETTINGS_MODULE="watchroom.settings",
               WATCHROOM_SEGMENT_SECONDS="3", WATCHROOM_DEMO_CAMERA_PORT=CAMERA_PORT)
    return env


SEGMENTS = (
    "from watchroom.recording.models import Segment;"
    "print(Segment.objects.values('camera').distinct().count())"
)


def _cameras_recorded(tmp_path) -> int:
    done = subprocess.run([sys.executable, "-m", "watchroom.cli", "shell", "-c", SEGMENTS],
                          env=_clean_env(tmp_path), capture_output=True, text=True, timeout=60)
    lines = done.stdout.strip().splitlines()
    return int(lines[-1]) if done.returncode == 0 and lines else 0


@pytest.mark.slow
def test_demo_command_loads_serves_and_stops(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "watchroom.cli", "demo", "--bind", f"127.0.0.1:{port}"],
        env=_clean_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        page = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                    page = r.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        if page is None:
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=60)
            pytest.fail(f"the demo never answered (exit {process.returncode}):\n{output}")
        assert 'lang="zh-hans"' in page
        css = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/watchroom/watchroom.css")
        assert css.status == 200
        # The four test-pattern cameras are really recorded.
        recorded = 0
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and recorded < 4:
            time.sleep(2)
            recorded = _cameras_recorded(tmp_path)
        assert recorded == 4, "the demo's test-pattern cameras were not recorded"
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    # R-REC-2: stopping the demo stops the recorder first and lets it seal what it was
    # writing; nothing is left unfinished for the next start to quarantine.
    unfinished = [p.name for p in (tmp_path / "recordings" / ".incoming").glob("*")]
    assert unfinished == [], f"the demo stopped with unfinished segments: {unfinished}"
    assert "Watchroom-demo-2026" in output
    assert "liqiang" in output and "admin" in output
    again = subprocess.run(
        [sys.executable, "-m", "watchroom.cli", "demo", "--load-only"],
        env=_clean_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "already loaded" in again.stdout
    # Bound to every address, the recorder's live server is reachable where the pages are.
    everywhere = subprocess.run(
        [sys.executable, "-m", "watchroom.cli", "demo", "--load-only", "--bind", "0.0.0.0:8123"],
        env=_clean_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert everywhere.returncode == 0, everywhere.stderr
    live_line = next(line for line in everywhere.stdout.splitlines() if "/live/" in line)
    assert "http://0.0.0.0:" in live_line, live_line
    verify = subprocess.run(
        [sys.executable, "-m", "watchroom.cli", "audit", "verify"],
        env=_clean_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.startswith("OK:")


def test_r_duty_2_the_demos_shift_on_duty_arrived_on_time(db, time_machine):
    """Loaded in the middle of a shift (15:34 Beijing time), the demo's operators on duty
    are not late by hours: they arrived when their shift's arrival window opened."""
    import datetime as dt
    import zoneinfo

    from watchroom.duty.models import Attendance
    from watchroom.duty.selectors import board, shifts

    time_machine.move_to(dt.datetime(2026, 3, 10, 15, 34, tzinfo=zoneinfo.ZoneInfo(
        "Asia/Shanghai")), tick=False)
    on_duty = demo.load()["on_duty"]
    assert on_duty
    room = MonitoringRoom.objects.get()
    here = list(Attendance.objects.filter(room=room, status="on"))
    assert sorted(a.person.username for a in here) == sorted(on_duty)
    start = shifts.shift_at(room, dt.datetime.now(dt.UTC)).start
    for record in here:
        assert record.late_minutes == 0
        assert record.on_at == shifts.arrival_due(room, start) == record.due_at
    assert list(board.build(room)["lateness"]) == []
    assert chain.verify().ok
