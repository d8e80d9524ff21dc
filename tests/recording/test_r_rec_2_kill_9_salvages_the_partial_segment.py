"""R-REC-2 / R-REC-6: after kill -9 the footage in the file being written is not lost
without a trace: its readable part is sealed (marked recovered), the file as found is
kept in quarantine with an alert and an audit event, and the lost seconds are a gap."""

import itertools
import os
import signal
import time

import pytest

from ..support.scratch import Scratch
from .test_r_rec_2_kill_9_leaves_no_truncated_segment import CATALOGUE, SETUP

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

STATE = """
from json import dumps
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.recording.models import Gap, Recovery, Segment
print(dumps({
    "segments": [[s.pk, s.start.timestamp(), s.end.timestamp()]
                 for s in Segment.objects.order_by("start")],
    "recoveries": [[r.segment_id, r.quarantined_as, r.readable_until and
                    r.readable_until.timestamp()] for r in Recovery.objects.all()],
    "alerts": sorted(a.kind for a in Alert.objects.all()),
    "audit": sorted({e.action for e in AuditEvent.objects.all()}),
    "gaps": [[g.start.timestamp(), g.end and g.end.timestamp(), g.cause]
             for g in Gap.objects.order_by("start")],
}))
"""


def _mid_segment(incoming, timeout: float = 60) -> list:
    """The file being written once it holds 4 to 6 s of its 8 s: on a loaded machine a
    fixed sleep after the first sealed segment can land on the next boundary, where
    nothing is readable yet. The file's name carries its start (ms since the epoch)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        parts = list(incoming.glob("*.part"))
        if len(parts) == 1:
            into = time.time() - int(parts[0].name.split("-")[1]) / 1000
            if 4 <= into <= 6:
                return parts
        time.sleep(0.1)
    return list(incoming.glob("*.part"))


def test_r_rec_2_kill_9_seals_the_readable_part_and_opens_the_gap(tmp_path, rtsp_server):
    scratch = Scratch(tmp_path, WATCHROOM_SEGMENT_SECONDS="8")
    try:
        scratch.python(SETUP % rtsp_server.url(0))
        root = tmp_path / "data" / "recordings"
        recorder = scratch.spawn("recorder")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < 1:
            time.sleep(0.5)
        assert scratch.python(CATALOGUE), "nothing was recorded"
        incoming = _mid_segment(root / ".incoming")
        os.kill(recorder.pid, signal.SIGKILL)
        recorder.wait(10)
        killed_at = time.time()
        assert incoming, "nothing was being written when the recorder was killed"
        before = scratch.python(STATE)

        recorder = scratch.spawn("recorder")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < \
                len(before["segments"]) + 2:
            time.sleep(1)
        recorder.send_signal(signal.SIGTERM)
        output, _ = recorder.communicate(timeout=60)
        assert recorder.returncode == 0, output
        after = scratch.python(STATE)
        verify = scratch.command("recording", "verify", check=False)
    finally:
        scratch.drop()

    (segment_id, kept, readable_until), = after["recoveries"]
    assert segment_id is not None, "the readable part was not sealed"
    recovered = next(s for s in after["segments"] if s[0] == segment_id)
    (part,) = incoming
    written = killed_at - int(part.name.split("-")[1]) / 1000
    # Lost: the fragment being gathered (one GOP, 1 s) and what FFmpeg had not yet read.
    assert recovered[2] - recovered[1] >= min(written - 2.5, 2.5), \
        f"{recovered[2] - recovered[1]:.1f} s recovered of {written:.1f} s written"
    assert recovered[2] <= killed_at + 0.5
    assert (root / kept).exists() and kept.endswith(".part"), "the file as found is not kept"
    assert "recording.unfinished" in after["alerts"]
    assert "recording.unfinished_file" in after["audit"]
    assert verify.returncode != 0 and "unacknowledged crash" in verify.stdout, verify.stdout
    gap_start, gap_end, cause = after["gaps"][0]
    assert abs(gap_start - readable_until) < 0.01, "the gap does not start where footage ends"
    assert gap_end is not None, "the gap did not close when recording resumed"
    assert cause == "recorder_stopped"
    resumed = [s for s in after["segments"] if s[1] > recovered[1]]
    assert abs(gap_end - resumed[0][1]) < 0.01
    ordered = sorted(after["segments"], key=lambda s: s[1])
    for first, second in itertools.pairwise(ordered):
        assert second[1] >= first[2] - 1e-3, "overlapping catalogue entries"
