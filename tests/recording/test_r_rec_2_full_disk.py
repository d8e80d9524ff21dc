"""R-REC-2: when the disk fills, recording stops with a critical alert; nothing inside
retention is deleted and nothing sealed is corrupted."""

import subprocess

import pytest

from watchroom.alerts.models import Alert
from watchroom.core import files
from watchroom.recording import storage
from watchroom.recording.recorder import sealing

from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_disk(tmp_path, settings):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"cannot mount a tmpfs (run as root): {done.stderr}"
    # Fill most of it with other data, so that recordings reach the end in seconds.
    (mount / "other-data").write_bytes(b"\0" * (5 * 1024 * 1024 + 512 * 1024))
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": mount / "recordings",
                          "RECORDING_MIN_FREE_MB": 0}
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_r_rec_2_full_disk_stops_recording_cleanly(rtsp_server, make_camera, small_disk):
    from .conftest import RunningRecorder

    camera = make_camera(rtsp_server.url(0))
    with RunningRecorder(segment_seconds=1, refresh_s=0.5):
        alert = wait_for(lambda: Alert.objects.filter(kind="recording.disk_full",
                                                      closed_at__isnull=True).first(),
                         timeout=90)
        assert alert is not None, "the disk never filled or no alert was raised"
        sealed_then = {s.pk: s.sha256 for s in segments_of(camera)}
    assert alert.severity == "critical"
    segments = segments_of(camera)
    assert {s.pk: s.sha256 for s in segments if s.pk in sealed_then} == sealed_then, \
        "a sealed segment vanished"
    for segment in segments:
        path = storage.absolute(segment.path)
        assert files.sha256_file(path) == (segment.sha256, segment.bytes)
        assert sealing.probe(path, segment.seconds).ok
    assert (small_disk / "other-data").stat().st_size == 5 * 1024 * 1024 + 512 * 1024
