"""R-REC-6: a camera that freezes (connection open, nothing sent) has a gap from its
last picture, found within twice the segment length, which stays open until recording
really continues; a camera with a long GOP raises no false gap."""

import datetime as dt

import pytest

from watchroom.alerts.models import Alert
from watchroom.recording.models import Gap, SourceState
from watchroom.recording.recorder import sources

from ..support.bad_sources import FreezingProxy
from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEGMENT_S = 4


def test_r_rec_6_a_frozen_camera_keeps_its_gap_open_until_it_records_again(
        rtsp_server, make_camera, run_recorder, monkeypatch):
    monkeypatch.setattr(sources, "OPEN_TIMEOUT_S", 5.0)
    monkeypatch.setattr(sources, "READ_TIMEOUT_S", 5.0)
    with FreezingProxy(rtsp_server.port) as proxy:
        camera = make_camera(proxy.url())
        with run_recorder(segment_seconds=SEGMENT_S, refresh_s=0.5):
            assert wait_for(lambda: len(segments_of(camera)) >= 2, timeout=60)
            proxy.freeze()
            gap = wait_for(lambda: Gap.objects.filter(camera=camera).first(), timeout=30)
            assert gap is not None, "no gap for a frozen camera"
            assert (gap.detected_at - gap.start).total_seconds() <= 2 * SEGMENT_S, \
                "the gap was found later than twice the segment length after the last picture"
            # The read deadline passes, the partial segment is sealed, reconnecting fails.
            assert wait_for(lambda: SourceState.objects.filter(
                camera=camera, cause="timeout").exists(), timeout=40)
            frozen_segments = segments_of(camera)
            assert frozen_segments[-1].end <= gap.start + dt.timedelta(
                seconds=0.5), "a segment claims footage from the frozen time"
            gap.refresh_from_db()
            assert gap.end is None, "the gap closed while the camera was still frozen"
            alert = Alert.objects.get(key=f"recording.gap:{camera.pk}")
            assert alert.closed_at is None
            count = len(frozen_segments)
            proxy.thaw()
            assert wait_for(lambda: len(segments_of(camera)) > count + 1, timeout=60), \
                "recording did not resume"
    gap.refresh_from_db()
    resumed = segments_of(camera)[count]
    assert gap.end == resumed.start and gap.end > gap.start
    assert Gap.objects.filter(camera=camera).count() == 1, "the gap was closed and reopened"
    assert Alert.objects.filter(key=f"recording.gap:{camera.pk}").count() == 1


def test_r_rec_6_a_long_gop_camera_raises_no_false_gap(rtsp_server_factory, make_camera,
                                                      run_recorder):
    server = rtsp_server_factory(streams=1, fps=10, gop=100)  # a keyframe every 10 s
    camera = make_camera(server.url(0))
    with run_recorder(segment_seconds=SEGMENT_S, refresh_s=0.5):
        assert wait_for(lambda: len(segments_of(camera)) >= 2, timeout=60)
    assert not Gap.objects.filter(camera=camera).exists()
    assert not Alert.objects.filter(kind="recording.gap").exists()
