"""Cameras recorded by Watchroom's own recorder, and a recorder running in-process."""

import datetime as dt
import threading

import pytest
from django.utils import timezone

from watchroom.core import files
from watchroom.devices import services as devices
from watchroom.devices.choices import RecorderKind
from watchroom.recording import services
from watchroom.recording.recorder.process import Recorder

from ..conftest import SYSTEM

T0 = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)  # well before today: the database's own clock
                                             # lets the sweep remove what these tests expire


@pytest.fixture
def watchroom_recorder(site):
    return devices.recorder_create(actor=SYSTEM, code="WR1", name="本机录像", site=site,
                                   kind=RecorderKind.WATCHROOM)


@pytest.fixture
def make_camera(area, watchroom_recorder):
    numbers = iter(range(1, 1000))

    def make(url: str = "", **extra):
        n = next(numbers)
        return devices.camera_create(
            actor=SYSTEM, code=extra.pop("code", f"CAM{n:03d}"), name=f"门诊大厅 {n}",
            area=area, recorder=watchroom_recorder, stream_url=url or f"rtsp://192.0.2.1/{n}",
            **extra)

    return make


@pytest.fixture
def recordings_dir(tmp_path, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings",
                          "RECORDING_MIN_FREE_MB": 0, "LIVE_PORT": 0}
    return tmp_path / "recordings"


@pytest.fixture
def seal_file(recordings_dir):
    """A sealed segment backed by a real small file (contents need not be video)."""
    from watchroom.recording import storage

    def seal(camera, start, seconds=60, content=None):
        end = start + dt.timedelta(seconds=seconds)
        relpath = storage.segment_relpath(camera.pk, camera.code, start)
        path = storage.absolute(relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content or f"{camera.code} {start.isoformat()}".encode() * 50
        path.write_bytes(data)
        digest, size = files.sha256_file(path)
        return services.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=start, end=end,
                                     relpath=relpath, size=size, sha256=digest)

    return seal


class RunningRecorder:
    def __init__(self, **kwargs):
        self.recorder = Recorder(**kwargs)
        self.thread = threading.Thread(target=self.recorder.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self.recorder

    def __exit__(self, *exc):
        self.recorder.stop()
        self.thread.join(timeout=90)
        assert not self.thread.is_alive(), "the recorder did not stop"


@pytest.fixture
def run_recorder(recordings_dir):
    return RunningRecorder


@pytest.fixture
def footage(make_camera, seal_file):
    """One camera with segments from 30, 5 and 3 minutes ago."""
    camera = make_camera()
    now = timezone.now()
    segments = [seal_file(camera, now - dt.timedelta(minutes=m)) for m in (30, 5, 3)]
    return camera, segments
