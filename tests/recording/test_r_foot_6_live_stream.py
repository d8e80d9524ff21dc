"""R-FOOT-6: the recorder serves each camera live from the packets it records (no second
connection), as fMP4 for the browser's MediaSource, to a ticketed viewer; the session is
audited once, when it ends."""

import json

import pytest

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.times import utc_iso
from watchroom.recording import selectors
from watchroom.recording.models import LiveSession

from ..support.live import LiveClient, decoded_pictures, live_path, ticket_for
from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _live(recorder, camera, timeout=30):
    return wait_for(lambda: selectors.camera_states([camera.pk])[camera.pk].state == "live"
                    and recorder.live_server is not None, timeout=timeout, step=0.2)


def test_r_foot_6_a_ticketed_viewer_gets_decodable_fmp4_whose_time_advances(
        rtsp_server, make_camera, run_recorder, user_of):
    operator = user_of(Role.OPERATOR)
    camera = make_camera(rtsp_server.url(0))
    with run_recorder(segment_seconds=5, refresh_s=1) as recorder:
        assert _live(recorder, camera)
        status = selectors.camera_states([camera.pk])[camera.pk]
        assert status.live_url == recorder.live_server.address and status.recording
        session, token = ticket_for(operator, camera)
        client = LiveClient(status.live_url, live_path(camera.pk, "main", token))
        assert client.status == 200
        assert client.headers["Content-Type"] == "video/mp4"
        assert client.headers["X-Codec"].startswith("avc1.")
        assert client.headers["Access-Control-Allow-Origin"] == "*"
        assert "X-Codec" in client.headers["Access-Control-Expose-Headers"]
        assert client.headers["Cache-Control"] == "no-store"
        data = client.read_for(4)
        client.close()
        ended = wait_for(lambda: LiveSession.objects.filter(pk=session.pk,
                                                            ended__isnull=False).first(), 15)
        assert segments_of(camera), "recording went on while watched"
    assert data[4:8] == b"ftyp"
    pictures = decoded_pictures(data)
    assert len(pictures) >= 25, f"{len(pictures)} pictures in 4 s at 10 fps"
    assert pictures[0][1], "the stream starts at a keyframe"
    times = [t for t, _key in pictures]
    assert times == sorted(times) and times[-1] - times[0] >= 2.0
    assert ended and ended.started and ended.end_reason == "viewer_left"
    assert ended.bytes >= len(data) - 65536
    events = AuditEvent.objects.filter(action="live.watched")
    assert events.count() == 1
    event = events.get()
    assert event.actor_user_id == operator.pk
    summary = json.loads(event.data)
    assert summary["camera"] == camera.code and summary["stream"] == "main"
    assert summary["from"] == utc_iso(ended.started) and summary["to"] == utc_iso(ended.ended)
    assert summary["seconds"] >= 3 and summary["bytes"] == ended.bytes
    assert summary["ended"] == "viewer_left"


def test_r_foot_6_two_viewers_and_a_late_one_start_at_a_keyframe(
        rtsp_server_factory, make_camera, run_recorder, user_of):
    server = rtsp_server_factory(streams=1, gop=30)  # a keyframe every 3 s
    camera = make_camera(server.url(0))
    operator = user_of(Role.OPERATOR)
    with run_recorder(segment_seconds=5, refresh_s=1) as recorder:
        assert _live(recorder, camera)
        address = recorder.live_server.address
        first = LiveClient(address, live_path(camera.pk, "main", ticket_for(operator, camera)[1]))
        early = first.read_for(1.5)
        second = LiveClient(address, live_path(camera.pk, "main",
                                               ticket_for(operator, camera)[1]))
        late = second.read_for(2)
        early += first.read_for(0.5)
        first.close()
        second.close()
    for data in (early, late):
        pictures = decoded_pictures(data)
        assert pictures and pictures[0][1]
    assert len(decoded_pictures(late)) >= 15, "the late viewer got the pictures since the keyframe"
