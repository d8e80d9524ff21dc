"""H.265 segments in range playback: served as they are (their codec named for the
browser's MediaSource.isTypeSupported), or, asked with copy=h264, as an H.264 viewing
copy made once, kept beside the playback cuts; the sealed original is never changed
(R-FOOT-5, R-REC-2)."""

import datetime as dt
import subprocess

import av
import imageio_ffmpeg
import pytest
from django.urls import reverse
from django.utils import timezone

from watchroom.core import files
from watchroom.recording import storage, viewing_copies

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="session")
def hevc_minute(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("hevc") / "minute.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "60",
                    "-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1",
                    "-x265-params", "keyint=20:log-level=error",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(out)],
                   check=True)
    return out.read_bytes()


def _codec(body: bytes, tmp_path) -> tuple[str, float]:
    clip = tmp_path / "served.mp4"
    clip.write_bytes(body)
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        times = [float(p.pts * p.time_base) for p in container.demux(stream)
                 if p.pts is not None]
        return stream.codec_context.name, max(times) - min(times) + 0.1


def test_r_foot_5_an_h265_segment_is_served_as_it_is_or_as_an_h264_viewing_copy(
        make_camera, seal_file, hevc_minute, user_of, client, tmp_path, footage_dirs):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=3),
                        content=hevc_minute)
    original = storage.absolute(segment.path)
    sealed = files.sha256_file(original)
    client.force_login(user_of("operator"))
    plan = client.get(reverse("recording:playlist"),
                      {"basis": "playback_check", "camera": camera.pk}).json()
    [planned] = plan["cameras"]
    assert planned["codec"].startswith("hvc1.1.")  # Main profile, for isTypeSupported
    url = planned["segments"][0]["url"]

    as_it_is = client.get(url)
    assert as_it_is["X-Codec"] == planned["codec"] and as_it_is["X-Transcoded"] == "0"
    assert b"".join(as_it_is.streaming_content) == hevc_minute

    assert client.get(url + "&copy=h264").status_code == 503  # being prepared
    assert viewing_copies.h264_copy_make(segment)  # by the worker
    copy = client.get(url + "&copy=h264")
    assert copy.status_code == 200 and copy["X-Transcoded"] == "1"
    assert copy["X-Codec"].startswith("avc1.")
    body = b"".join(copy.streaming_content)
    name, seconds = _codec(body, tmp_path)
    assert name == "h264" and abs(seconds - 60) <= 0.2
    kept = list((footage_dirs / "exports" / "playback").glob(f"{segment.pk}-*-h264.mp4"))
    assert len(kept) == 1
    made = kept[0].stat().st_mtime_ns
    again = client.get(url + "&copy=h264", headers={"Range": "bytes=0-99"})
    assert again.status_code == 206 and b"".join(again.streaming_content) == body[:100]
    assert kept[0].stat().st_mtime_ns == made  # made once
    assert files.sha256_file(original) == sealed  # the original untouched


def test_r_foot_5_an_h265_segment_cut_at_the_edge_is_cut_from_its_h264_copy(
        make_camera, seal_file, hevc_minute, user_of, tmp_path, footage_dirs):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=3),
                        content=hevc_minute)
    start = segment.start + dt.timedelta(seconds=12.3)
    with pytest.raises(viewing_copies.Preparing):
        viewing_copies.served_file(segment, start, segment.end, h264=False)
    viewing_copies.h264_copy_make(segment)
    served = viewing_copies.served_file(segment, start, segment.end, h264=False)
    assert served.transcoded and served.codec.startswith("avc1.")
    name, seconds = _codec(served.path.read_bytes(), tmp_path)
    assert name == "h264" and abs(seconds - (60 - 12.3)) <= 0.11
