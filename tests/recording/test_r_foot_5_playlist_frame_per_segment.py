"""A camera's frame rate may change between segments: the playlist gives each part its
own picture duration, which the player's frame steps (`,` and `.`) take."""

import datetime as dt
import subprocess

import imageio_ffmpeg
import pytest
from django.urls import reverse
from django.utils import timezone

from watchroom.core.choices import Role

pytestmark = pytest.mark.django_db


def h264_clip(path, seconds: int, rate: int) -> bytes:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=160x120:rate={rate}",
                    "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                    "-g", str(2 * rate), "-pix_fmt", "yuv420p",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)],
                   check=True)
    return path.read_bytes()


def test_each_part_of_the_playlist_carries_its_own_segments_picture_duration(
        make_camera, seal_file, user_of, client, tmp_path):
    camera = make_camera()
    begin = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=2)
    seal_file(camera, begin, seconds=4, content=h264_clip(tmp_path / "a.mp4", 4, 25))
    seal_file(camera, begin + dt.timedelta(seconds=4), seconds=4,
              content=h264_clip(tmp_path / "b.mp4", 4, 10))
    client.force_login(user_of(Role.OPERATOR))
    plan = client.get(reverse("recording:playlist"),
                      {"basis": "playback_check", "camera": camera.pk}).json()
    [planned] = plan["cameras"]
    assert [round(p["frame"], 4) for p in planned["segments"]] == [0.04, 0.1]
    assert planned["frame"] == pytest.approx(0.04)  # the first segment's, as before
