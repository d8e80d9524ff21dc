"""The live H.264 copy of an H.265 camera (for a browser that cannot decode H.265) is
capped: a picture full of noise, which the encoder would otherwise spend megabits a
second on, stays under the set bitrate."""

import io

import av
import pytest

from watchroom.core.choices import Role
from watchroom.recording.recorder.live import h264_max_kbps

from ..support.live import LiveClient, live_path, ticket_for
from ..support.recording import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
CAP_KBPS = 400


def _rates(data: bytes) -> tuple[float, float]:
    """Video bitrate (kbit/s) and pictures a second of an fMP4 stream, over the time its
    pictures span."""
    with av.open(io.BytesIO(data), format="mp4") as container:
        stream = container.streams.video[0]
        packets = [p for p in container.demux(stream) if p.pts is not None and p.size]
    times = sorted(float(p.pts * p.time_base) for p in packets)
    packets = packets[len(packets) // 5:]  # past the first keyframes' warm-up
    span = times[-1] - times[len(times) // 5]
    return sum(p.size for p in packets) * 8 / 1000 / span, len(packets) / span


def test_r_foot_6_the_live_h264_copy_stays_under_its_bitrate_cap(
        rtsp_server_factory, make_camera, run_recorder, user_of, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_H264_MAX_KBPS": CAP_KBPS}
    server = rtsp_server_factory(streams=3, codec="h265", width=640, height=480, fps=10,
                                 kbps=3000)
    camera = make_camera(server.url(2))  # the third pattern: snow, hard to compress
    operator = user_of(Role.OPERATOR)
    with run_recorder(segment_seconds=3, refresh_s=1) as recorder:
        assert wait_for(lambda: recorder.live_server is not None and recorder.live_for(camera.pk)
                        and recorder.live_for(camera.pk).feeds["main"].ready.is_set(), 30, 0.2)
        address = recorder.live_server.address
        as_is = LiveClient(address, live_path(camera.pk, "main", ticket_for(operator, camera)[1]))
        original = as_is.read_for(6)
        as_is.close()
        copy = LiveClient(address, live_path(camera.pk, "main", ticket_for(
            operator, camera, codec="h264")[1]))
        assert copy.headers["X-Codec"].startswith("avc1.")
        transcoded = copy.read_for(10)
        copy.close()
    (camera_kbps, _), (copy_kbps, copy_fps) = _rates(original), _rates(transcoded)
    print(f"camera {camera_kbps:.0f} kbit/s, H.264 copy {copy_kbps:.0f} kbit/s at "
          f"{copy_fps:.1f} pictures/s (cap {CAP_KBPS})")
    assert camera_kbps > 2 * CAP_KBPS  # the cap has something to hold back
    assert copy_kbps <= CAP_KBPS * 1.15
    assert copy_fps >= 8  # every picture still there (10 a second), smaller


def test_the_cap_follows_the_picture_size_unless_set(settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_H264_MAX_KBPS": 0}
    assert h264_max_kbps(1920, 1080) == 4000
    assert h264_max_kbps(1280, 720) == 1778
    assert h264_max_kbps(320, 240) == 300
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_H264_MAX_KBPS": 800}
    assert h264_max_kbps(1920, 1080) == 800
