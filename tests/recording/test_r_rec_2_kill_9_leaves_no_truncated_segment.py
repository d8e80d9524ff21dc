"""R-REC-2 / R-REC-5: a recorder killed with SIGKILL mid-segment leaves no truncated or
unhashed segment in the catalogue; after a restart catalogue and disk agree."""

import hashlib
import os
import signal
import time
from pathlib import Path

import pytest

from ..support.scratch import Scratch

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SETUP = """
from json import dumps
from watchroom.audit.context import Process
from watchroom.core import services as core
from watchroom.devices import services as devices
a = Process("test")
p = core.policy_profile_create(actor=a, kind="hospital", name="医院")
s = core.site_create(actor=a, code="S1", name="总院", policy=p)
d = core.department_create(actor=a, code="D1", name="保卫科", site=s)
ar = core.area_create(actor=a, site=s, code="A1", name="门诊大厅", department=d)
r = devices.recorder_create(actor=a, code="WR1", name="本机", site=s, kind="watchroom")
c = devices.camera_create(actor=a, code="C1", name="大厅", area=ar, recorder=r, stream_url="%s")
print(dumps(c.pk))
"""

CATALOGUE = """
from json import dumps
from watchroom.recording.models import Segment
print(dumps([[s.path, s.sha256, s.bytes] for s in Segment.objects.order_by("start")]))
"""


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.mp4")
            if not p.relative_to(root).parts[0].startswith(".")}


def test_r_rec_2_sigkill_mid_segment_then_restart(tmp_path, rtsp_server):
    scratch = Scratch(tmp_path, WATCHROOM_SEGMENT_SECONDS="3")
    try:
        scratch.python(SETUP % rtsp_server.url(0))
        root = tmp_path / "data" / "recordings"
        recorder = scratch.spawn("recorder")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < 2:
            time.sleep(1)
        time.sleep(1.5)  # well inside the next segment
        incoming = list((root / ".incoming").glob("*.part"))
        os.kill(recorder.pid, signal.SIGKILL)
        recorder.wait(10)
        assert incoming, "nothing was being written when the recorder was killed"

        before = scratch.python(CATALOGUE)
        assert len(before) >= 2
        recorder = scratch.spawn("recorder")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < len(before) + 2:
            time.sleep(1)
        recorder.send_signal(signal.SIGTERM)
        output, _ = recorder.communicate(timeout=60)
        assert recorder.returncode == 0, output

        catalogue = scratch.python(CATALOGUE)
        assert len(catalogue) >= len(before) + 2
        for path, sha256, size in catalogue:
            data = (root / path).read_bytes()
            assert (hashlib.sha256(data).hexdigest(), len(data)) == (sha256, size)
        assert _files(root) == {path for path, _, _ in catalogue}
        assert not list((root / ".incoming").glob("*")), "unfinished files left in .incoming"
        kept = [p.name for p in (root / ".quarantine").rglob("*.part")]
        assert {p.name for p in incoming} <= set(kept), "the interrupted file was not kept"
        audit = scratch.command("audit", "verify")
        assert audit.stdout.startswith("OK:"), audit.stdout + audit.stderr
    finally:
        scratch.drop()


