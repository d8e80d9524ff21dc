"""Footage requests over real sealed segments, approvers with real authenticators."""

import datetime as dt
import subprocess

import imageio_ffmpeg
import pytest
from django.utils import timezone, translation

from tests.support.footage import PDF, Authenticator
from watchroom.core.choices import Role
from watchroom.footage import services
from watchroom.footage.rules import Upload

from ..recording.conftest import (  # noqa: F401
    make_camera,
    recordings_dir,
    seal_file,
    watchroom_recorder,
)
from ..support.webhooks import webhook_sink  # noqa: F401


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English source text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def footage_dirs(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "EXPORTS_DIR": tmp_path / "exports",
                          "ATTACHMENTS_DIR": tmp_path / "attachments"}
    return tmp_path


@pytest.fixture
def footage_window():
    """Ten minutes that ended half an hour ago."""
    end = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)
    return end - dt.timedelta(minutes=10), end


@pytest.fixture(scope="session")
def minute_of_video(tmp_path_factory) -> bytes:
    """One real 60-second H.264 segment as the recorder writes them (fragmented MP4),
    10 pictures a second, a keyframe every 2 seconds."""
    out = tmp_path_factory.mktemp("video") / "minute.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10", "-t", "60",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "20",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(out)],
                   check=True)
    return out.read_bytes()


@pytest.fixture
def recorded_camera(make_camera, seal_file, footage_window, minute_of_video):  # noqa: F811
    camera = make_camera()
    start, end = footage_window
    t = start
    while t < end:
        seal_file(camera, t, seconds=60, content=minute_of_video)
        t += dt.timedelta(seconds=60)
    return camera


@pytest.fixture
def people(make_staff):
    operator = make_staff(Role.OPERATOR).user
    executor = make_staff(Role.OPERATOR).user
    chief = make_staff(Role.SECURITY_CHIEF).user
    deputy = make_staff(Role.DEPUTY_DIRECTOR).user
    return {"operator": operator, "executor": executor, "chief": chief, "deputy": deputy,
            "chief_app": Authenticator(chief), "deputy_app": Authenticator(deputy)}


@pytest.fixture
def police_request(people, recorded_camera, footage_window):
    start, _end = footage_window

    def make(**overrides):
        data = dict(
            actor=people["operator"], requester_type="police", requester_name="张警官",
            requester_unit="城东派出所", requester_contact="13800000000",
            requester_id_number="110101199001011234", purpose="调查门诊大厅盗窃案",
            need="copy", scope=[(recorded_camera, start + dt.timedelta(minutes=2),
                                 start + dt.timedelta(minutes=5))],
            officers=[{"name": "张三", "badge": "012345"}, {"name": "李四", "badge": "054321"}],
            uploads=[Upload("evidence_notice", "通知书.pdf", PDF)])
        data.update(overrides)
        return services.request_create(**data)

    return make


