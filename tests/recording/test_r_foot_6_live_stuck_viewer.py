"""Serving live never disturbs recording: a viewer that stops reading (a stuck client
with a tiny receive buffer) is dropped, and the camera's segments keep sealing on time
while it hangs."""

import itertools
import time

import pytest

from watchroom.core.choices import Role
from watchroom.recording.models import LiveSession
from watchroom.recording.recorder import live, live_server

from ..support.live import LiveClient, live_path, stuck_viewer, ticket_for
from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SEGMENT_S = 2


def test_r_foot_6_a_stuck_viewer_is_dropped_and_segments_seal_on_time(
        rtsp_server_factory, make_camera, run_recorder, user_of, monkeypatch):
    monkeypatch.setattr(live_server, "SEND_BUFFER", 8192)
    monkeypatch.setattr(live_server, "SEND_TIMEOUT_S", 3.0)
    server = rtsp_server_factory(streams=1, kbps=1500, width=640, height=480)
    camera = make_camera(server.url(0))
    operator = user_of(Role.OPERATOR)
    with run_recorder(segment_seconds=SEGMENT_S, refresh_s=1) as recorder:
        assert wait_for(lambda: len(segments_of(camera)) >= 1, 30)
        address = recorder.live_server.address
        session, token = ticket_for(operator, camera)
        stuck = stuck_viewer(address, live_path(camera.pk, "main", token))
        hung_from = time.time()
        healthy = LiveClient(address, live_path(camera.pk, "main", ticket_for(operator, camera)[1]))
        received = 0
        while time.time() - hung_from < 4 * SEGMENT_S + 4:
            received += len(healthy.read_for(0.5))
        dropped = wait_for(lambda: LiveSession.objects.filter(
            pk=session.pk, ended__isnull=False).first(), 15)
        hung_until = time.time()
        healthy.close()
        stuck.close()
    assert dropped is not None, "the stuck viewer was not dropped"
    assert dropped.end_reason in ("too_slow", "send_timeout")
    assert received > 100_000, "a reading viewer is served all along"
    during = [s for s in segments_of(camera)
              if hung_from <= s.sealed_at.timestamp() <= hung_until]
    assert len(during) >= 3
    for segment in during:
        # sealed within a second or so of its end: the camera's thread never waited
        assert (segment.sealed_at - segment.end).total_seconds() < 2.5, segment
    for before, after in itertools.pairwise(segments_of(camera)):
        assert abs((after.start - before.end).total_seconds()) < 0.3


def test_r_foot_6_a_full_queue_drops_the_viewer_without_waiting():
    viewer = live.Viewer(limit=3)
    dropped = []
    viewer.on_drop = lambda: dropped.append(True)
    started = time.monotonic()
    results = [viewer.offer(b"x" * 10, 0.0) for _ in range(5)]
    assert time.monotonic() - started < 0.05
    assert results == [True, True, True, False, False]
    assert viewer.ended == "too_slow" and dropped == [True]
    assert viewer.take(0.01) == []
