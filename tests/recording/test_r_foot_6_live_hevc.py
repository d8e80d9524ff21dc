"""H.265 cameras live: served as they are to a browser that decodes H.265, and to one
that cannot, as an H.264 copy transcoded only while it watches; the recording stays
the camera's own H.265."""

import av
import pytest

from watchroom.core.choices import Role
from watchroom.recording import storage

from ..support.live import LiveClient, live_path, ticket_for
from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _codec_and_pictures(data: bytes) -> tuple[str, int]:
    import io

    container = av.open(io.BytesIO(data), format="mp4")
    stream = container.streams.video[0]
    count = sum(1 for _frame in container.decode(stream))
    name = stream.codec_context.name
    container.close()
    return name, count


def test_r_foot_6_hevc_served_as_is_or_transcoded_to_h264_on_demand(
        rtsp_server_factory, make_camera, run_recorder, user_of):
    server = rtsp_server_factory(streams=1, codec="h265")
    camera = make_camera(server.url(0))
    operator = user_of(Role.OPERATOR)
    with run_recorder(segment_seconds=3, refresh_s=1) as recorder:
        assert wait_for(lambda: recorder.live_server is not None and recorder.live_for(camera.pk)
                        and recorder.live_for(camera.pk).feeds["main"].ready.is_set(), 30, 0.2)
        address = recorder.live_server.address
        as_is = LiveClient(address, live_path(camera.pk, "main", ticket_for(operator, camera)[1]))
        assert as_is.headers["X-Codec"].startswith(("hev1.", "hvc1."))
        original = as_is.read_for(3)
        as_is.close()
        copy = LiveClient(address, live_path(camera.pk, "main", ticket_for(
            operator, camera, codec="h264")[1]))
        assert copy.status == 200
        assert copy.headers["X-Codec"].startswith("avc1.")
        transcoded = copy.read_for(4)
        feed = recorder.live_for(camera.pk).feeds["main"]
        assert feed.transcoder is not None and feed.transcoder.is_alive()
        copy.close()
        assert wait_for(lambda: feed.transcoder is None, 20, 0.2), \
            "the transcoder outlived its last viewer"
        assert wait_for(lambda: len(segments_of(camera)) >= 2, 20)
    assert _codec_and_pictures(original)[0] == "hevc"
    name, count = _codec_and_pictures(transcoded)
    assert name == "h264" and count >= 20
    with av.open(str(storage.absolute(segments_of(camera)[0].path))) as recorded:
        assert recorded.streams.video[0].codec_context.name == "hevc"
