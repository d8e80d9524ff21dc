"""The sub-stream: its own connection to the camera, opened only while someone watches
it and let go a little after the last viewer leaves; "sub" of a camera without one is
the main stream, served from the recorder's own connection (never a second one)."""

import pytest

from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.recording.recorder import live

from ..conftest import SYSTEM
from ..support.live import LiveClient, decoded_pictures, live_path, ticket_for
from ..support.recording import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_r_foot_6_the_sub_stream_is_pulled_only_while_watched(
        rtsp_server_factory, make_camera, run_recorder, user_of, monkeypatch):
    monkeypatch.setattr(live, "SUB_LINGER_S", 2.0)
    server = rtsp_server_factory(streams=3)
    camera = make_camera(server.url(0), substream_url=server.url(1))
    plain = make_camera(server.url(2))
    operator = user_of(Role.OPERATOR)
    with run_recorder(segment_seconds=5, refresh_s=1) as recorder:
        assert wait_for(lambda: recorder.live_server is not None and all(
            recorder.live_for(c.pk) and recorder.live_for(c.pk).feeds["main"].ready.is_set()
            for c in (camera, plain)), 30, 0.2)
        camera_live = recorder.live_for(camera.pk)
        assert not camera_live.sub_open(), "no sub-stream connection before anyone watches"
        address = recorder.live_server.address
        viewer = LiveClient(address, live_path(camera.pk, "sub", ticket_for(
            operator, camera, "sub")[1]))
        assert viewer.status == 200
        assert camera_live.sub_open()
        data = viewer.read_for(3)
        assert camera_live.sub_open()
        viewer.close()
        assert wait_for(lambda: not camera_live.sub_open(), 15, 0.2), \
            "the sub-stream connection outlived its last viewer"
        # a camera without a sub-stream: "sub" is its main stream, no new connection
        other = LiveClient(address, live_path(plain.pk, "sub", ticket_for(
            operator, plain, "sub")[1]))
        assert other.status == 200
        main_data = other.read_for(2)
        assert not recorder.live_for(plain.pk).sub_open()
        assert recorder.live_for(plain.pk).feeds["main"].viewers
        other.close()
    assert len(decoded_pictures(data)) >= 15
    assert len(decoded_pictures(main_data)) >= 10


def test_r_rec_2_a_sub_stream_address_is_checked_like_the_main_one(make_camera):
    from watchroom.rules import RuleViolation

    camera = make_camera("rtsp://192.0.2.10/main")
    with pytest.raises(RuleViolation) as refused:
        devices.camera_update(actor=SYSTEM, camera=camera, substream_url="file:///etc/passwd")
    assert "substream_url" in refused.value.fields
    with pytest.raises(RuleViolation):
        devices.camera_update(actor=SYSTEM, camera=camera, substream_url=camera.stream_url)
    devices.camera_update(actor=SYSTEM, camera=camera, substream_url="rtsp://192.0.2.10/sub")
    camera.refresh_from_db()
    assert camera.substream_url == "rtsp://192.0.2.10/sub"
