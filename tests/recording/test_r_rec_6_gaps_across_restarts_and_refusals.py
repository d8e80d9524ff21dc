"""R-REC-6: a hole across a recorder restart is a gap; a segment refused by the check
before sealing raises an alert."""

import time

import pytest

from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.recording import storage
from watchroom.recording.models import Gap
from watchroom.recording.recorder.process import Recorder
from watchroom.recording.recorder.segmenter import Finished

from ..support.recording import segments_of, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.slow
def test_r_rec_6_a_hole_across_a_restart_is_a_gap(rtsp_server, make_camera, run_recorder):
    camera = make_camera(rtsp_server.url(0))
    with run_recorder(segment_seconds=3, refresh_s=0.5):
        assert wait_for(lambda: len(segments_of(camera)) >= 1, timeout=60)
    stopped = segments_of(camera)[-1]
    time.sleep(3)
    with run_recorder(segment_seconds=3, refresh_s=0.5):
        assert wait_for(lambda: segments_of(camera)[-1].start > stopped.end, timeout=60)
    gap = Gap.objects.get(camera=camera)
    resumed = next(s for s in segments_of(camera) if s.start > stopped.end)
    assert gap.start == stopped.end and gap.end == resumed.start
    assert gap.cause == "recorder_stopped"


def test_r_rec_6_a_refused_segment_raises_an_alert(make_camera, recordings_dir):
    import datetime as dt

    camera = make_camera()
    temp = storage.incoming_dir() / "00001-garbage.mp4.part"
    temp.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(500))
    start = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=10)
    Recorder(segment_seconds=10).seal(Finished(
        camera_id=camera.pk, camera_code=camera.code, temp=temp, start=start,
        end=start + dt.timedelta(seconds=10), packets=100, closed_monotonic=time.monotonic()))
    alert = Alert.objects.get(kind="recording.segment_refused", closed_at__isnull=True)
    assert camera.code in alert.message or camera.name in alert.message
    assert AuditEvent.objects.filter(action="recording.segment_refused").count() == 1
    assert not temp.exists()


def test_r_rec_5_overlapping_segments_are_never_catalogued(make_camera, seal_file):
    import datetime as dt

    from watchroom.rules import RuleViolation

    camera = make_camera()
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    seal_file(camera, start, seconds=10)
    later = seal_file(camera, start + dt.timedelta(seconds=8), seconds=10)
    assert later.start == start + dt.timedelta(seconds=10)
    with pytest.raises(RuleViolation):
        seal_file(camera, start + dt.timedelta(seconds=2), seconds=5)
