"""R-REC-5 / R-REC-6: the recorder records a real RTSP camera into sealed, hashed,
contiguous segments, each in the catalogue and the audit trail."""

import itertools

import pytest

from watchroom.audit.models import AuditEvent
from watchroom.core import files
from watchroom.recording import storage
from watchroom.recording.recorder import sealing

from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEGMENT_S = 5


def test_r_rec_5_thirty_seconds_become_sealed_contiguous_segments(
        rtsp_server, make_camera, run_recorder):
    with run_recorder(segment_seconds=SEGMENT_S, refresh_s=1):
        # The camera is added while the recorder runs: it is picked up by itself.
        camera = make_camera(rtsp_server.url(0))
        assert wait_for(lambda: len(segments_of(camera)) >= 6, timeout=60), \
            "fewer than six segments in a minute"
    segments = segments_of(camera)
    assert len(segments) >= 6
    for segment in segments:
        path = storage.absolute(segment.path)
        assert files.sha256_file(path) == (segment.sha256, segment.bytes)
        assert sealing.probe(path, segment.seconds).ok
        assert AuditEvent.objects.filter(action="recording.segment_sealed",
                                         target_id=str(segment.pk)).count() == 1
    for before, after in itertools.pairwise(segments):
        hole = (after.start - before.end).total_seconds()
        assert abs(hole) < 0.3, f"{hole:.2f} s between {before} and {after}"
    full = segments[1:-1]
    assert all(SEGMENT_S - 0.5 <= s.seconds <= SEGMENT_S + 1.5 for s in full)
    assert not list(storage.incoming_dir().iterdir()), "unfinished files left behind"


def test_r_rec_6_a_silent_camera_opens_a_gap_and_an_alert_that_close_on_resume(
        rtsp_server, make_camera, run_recorder):
    from watchroom.alerts.models import Alert
    from watchroom.recording.models import Gap

    segment_s = 2
    camera = make_camera(rtsp_server.url(0))
    with run_recorder(segment_seconds=segment_s, refresh_s=0.5):
        assert wait_for(lambda: len(segments_of(camera)) >= 2, timeout=40)
        rtsp_server.stop()
        gap = wait_for(lambda: Gap.objects.filter(camera=camera, end__isnull=True).first(),
                       timeout=2 * segment_s + 6)
        assert gap is not None, "no gap within twice the segment length"
        last_end = segments_of(camera)[-1].end
        assert abs((gap.start - last_end).total_seconds()) < 0.01
        assert (gap.detected_at - last_end).total_seconds() <= 2 * segment_s + 3
        alert = Alert.objects.get(key=f"recording.gap:{camera.pk}", closed_at__isnull=True)
        assert alert.severity == "critical"
        count = len(segments_of(camera))
        rtsp_server.restart()
        assert wait_for(lambda: len(segments_of(camera)) > count, timeout=45), \
            "recording did not resume"
    gap.refresh_from_db()
    alert.refresh_from_db()
    assert gap.end is not None and alert.closed_at is not None
    resumed = segments_of(camera)[count]
    assert gap.end == resumed.start
