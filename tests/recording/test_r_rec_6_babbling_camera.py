"""R-REC-6: a camera whose session goes on sending bytes but no picture (its encoder hung,
the connection alive) is a failed source after the read deadline, as a silent one is:
what it recorded before is sealed, the gap is found, and recording resumes when it
sends pictures again."""

import pytest

from watchroom.recording.choices import SourceCause
from watchroom.recording.models import Gap, SourceState
from watchroom.recording.recorder import sources

from ..support.bad_sources import FreezingProxy
from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEGMENT_S = 4


def test_r_rec_6_a_camera_sending_bytes_without_pictures_fails_and_recovers(
        rtsp_server, make_camera, run_recorder, monkeypatch):
    monkeypatch.setattr(sources, "OPEN_TIMEOUT_S", 5.0)
    monkeypatch.setattr(sources, "READ_TIMEOUT_S", 4.0)
    with FreezingProxy(rtsp_server.port) as proxy:
        camera = make_camera(proxy.url())
        with run_recorder(segment_seconds=SEGMENT_S, refresh_s=0.5):
            assert wait_for(lambda: len(segments_of(camera)) >= 2, timeout=60)
            proxy.babble()
            gap = wait_for(lambda: Gap.objects.filter(camera=camera).first(), timeout=30)
            assert gap is not None, "no gap for a camera that sends no picture"
            state = wait_for(lambda: SourceState.objects.filter(
                camera=camera, cause=SourceCause.TIMEOUT).first(), timeout=30)
            assert state is not None, "the stalled stream was not shown as failed"
            assert "no picture" in state.detail
            # The segment that was being written when pictures stopped is sealed, not left
            # unfinished while the connection stays open.
            assert wait_for(lambda: abs((segments_of(camera)[-1].end - gap.start)
                                        .total_seconds()) <= 0.5, timeout=20)
            assert proxy.babbling.is_set() and proxy.connections, "the connection was dropped"
            count = len(segments_of(camera))
            proxy.thaw()
            assert wait_for(lambda: len(segments_of(camera)) > count + 1, timeout=60), \
                "recording did not resume"
    gap.refresh_from_db()
    assert gap.end is not None and gap.end > gap.start
