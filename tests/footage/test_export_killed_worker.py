"""A real `watchroom export build` process killed with SIGKILL in the middle of a build:
its heartbeat stops, the stall job fails the attempt with the reason, removes what it had
written, and (its attempts used up) fails the export for good."""

import os
import signal
import time

import pytest

from ..support.scratch import Scratch

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SETUP = """
import datetime as dt, os
from json import dumps
from django.utils import timezone
from watchroom.audit.context import Process
from watchroom.core import services as core
from watchroom.devices import services as devices
from watchroom.footage.models import Export, FootageRequest
from watchroom.recording import storage
from watchroom.recording.models import Segment
a = Process("test")
p = core.policy_profile_create(actor=a, kind="hospital", name="医院")
s = core.site_create(actor=a, code="S1", name="总院", policy=p)
d = core.department_create(actor=a, code="D1", name="保卫科", site=s)
ar = core.area_create(actor=a, site=s, code="A1", name="门诊大厅", department=d)
r = devices.recorder_create(actor=a, code="WR1", name="本机", site=s, kind="watchroom")
c = devices.camera_create(actor=a, code="C1", name="大厅", area=ar, recorder=r,
                          stream_url="rtsp://127.0.0.1:1/none")
u = core.staff_create(actor=a, username="exec1", password="x-Very-long-pass-1",
                      full_name="执行人", employee_no="E1", roles=["operator"],
                      department=d).user
now = timezone.now().replace(microsecond=0)
start, end = now - dt.timedelta(minutes=20), now - dt.timedelta(minutes=19)
relpath = storage.segment_relpath(c.pk, c.code, start)
path = storage.absolute(relpath)
path.parent.mkdir(parents=True, exist_ok=True)
os.mkfifo(path)  # the build blocks reading it: a worker caught mid-export
Segment.objects.create(camera=c, start=start, end=end, path=relpath, bytes=1 << 20,
                       sha256="0" * 64, sealed_at=now, keep_until=now + dt.timedelta(days=90),
                       verified_at=now)
fr = FootageRequest.objects.create(
    number="SP2026-09999", requester_type="police", requester_name="张警官",
    requester_unit="派出所", requester_contact="1", requester_id_number="1", purpose="调查",
    need="copy", status="approved", chain=["security_chief"], step=1, entered_by=u,
    entered_at=now)
e = Export.objects.create(request=fr, created_by=u, created_at=now, ranges=[
    {"camera": c.pk, "start": start.isoformat(), "end": end.isoformat()}])
print(dumps(e.pk))
"""

STATE = """
from json import dumps
from watchroom.footage.models import Export
e = Export.objects.get(pk=%d)
print(dumps({"state": e.state, "attempts": e.attempts, "error": e.error,
             "heartbeat": e.heartbeat_at.isoformat() if e.heartbeat_at else None,
             "log": e.attempt_log}))
"""

REAP = """
from json import dumps
from watchroom.audit.context import Process
from watchroom.footage import export_runs
print(dumps(export_runs.export_stalled_reap(actor=Process("worker"))))
"""


def _wait(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("condition not met in time")


def test_r_foot_5_an_export_whose_worker_is_killed_is_failed_and_cleaned(tmp_path):
    scratch = Scratch(tmp_path, WATCHROOM_EXPORT_HEARTBEAT_SECONDS="1",
                      WATCHROOM_EXPORT_STALL_SECONDS="5", WATCHROOM_EXPORT_MAX_ATTEMPTS="1")
    try:
        export_id = scratch.python(SETUP)
        building = tmp_path / "data" / "exports" / ".building"
        worker = scratch.spawn("export", "build", str(export_id))
        state = lambda: scratch.python(STATE % export_id)  # noqa: E731
        first = _wait(lambda: (s := state())["state"] == "running" and s["heartbeat"] and s)
        _wait(lambda: state()["heartbeat"] != first["heartbeat"])  # it beats while blocked
        assert building.exists() and any(building.rglob("*")), "nothing written yet"
        assert worker.poll() is None
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)

        silent = state()["heartbeat"]
        time.sleep(6)
        assert state()["heartbeat"] == silent  # a dead worker gives no sign of life
        assert scratch.python(REAP) == [export_id]
        after = state()
        assert after["state"] == "failed" and after["attempts"] == 1
        assert any(words in after["error"] for words in ("no sign of life", "没有存活信号"))
        assert any(words in after["error"] for words in ("No attempts are left", "尝试次数已用完"))
        assert [entry["attempt"] for entry in after["log"]] == [1]
        assert not any(building.rglob("*")), "half-written files were left"
        assert not list((tmp_path / "data" / "exports").glob("*.zip*"))
        assert scratch.python(REAP) == []
        audit = scratch.command("audit", "verify")
        assert audit.stdout.startswith("OK:"), audit.stdout + audit.stderr
    finally:
        scratch.drop()
