"""R-REC-5: the backup is checked by the worker on its schedule, each run audited; a
missing or altered copy raises an alert, and each day a sample of copies is fetched
back and decoded (a copy that does not play is not a backup)."""

import datetime as dt
import subprocess

import imageio_ffmpeg
import pytest
from django.utils import translation
from django.utils.module_loading import import_string

from watchroom import scheduler
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.recording import tasks


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("video") / "clip.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi",
                    "-i", "testsrc=size=160x120:rate=5", "-t", "2", "-c:v", "libx264",
                    "-pix_fmt", "yuv420p", "-movflags", "+frag_keyframe+empty_moov",
                    str(path)], check=True)
    return path.read_bytes()


@pytest.fixture
def backup_dir(tmp_path, settings, recordings_dir):
    settings.WATCHROOM = {**settings.WATCHROOM, "BACKUP_TARGET": str(tmp_path / "backup"),
                          "BACKUP_SAMPLE": 10}
    return tmp_path / "backup"


@pytest.fixture
def copied(backup_dir, make_camera, seal_file, video):
    camera = make_camera()
    start = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    segments = [seal_file(camera, start + dt.timedelta(minutes=i), content=video)
                for i in range(3)]
    assert tasks.backup_task.call()["copied"] == 3
    return segments


def _open_alerts():
    return list(Alert.objects.filter(kind="recording.backup_check", closed_at__isnull=True))


def test_r_rec_5_backup_checks_are_on_the_workers_schedule(db):
    jobs = {job.name: job for job in scheduler.jobs()}
    assert jobs["recording.backup_check"].every <= dt.timedelta(hours=6)
    assert jobs["recording.backup_sample"].every <= dt.timedelta(days=1)
    assert import_string(jobs["recording.backup_check"].task) is tasks.backup_check_task
    assert import_string(jobs["recording.backup_sample"].task) is tasks.backup_sample_task


def test_r_rec_5_missing_copy_alerts_and_the_alert_closes_when_it_is_back(copied,
                                                                         backup_dir):
    assert tasks.backup_check_task.call() == {"checked": 3, "missing": 0, "altered": 0}
    assert AuditEvent.objects.filter(action="recording.backup_checked").count() == 1
    assert _open_alerts() == []
    copy = backup_dir / copied[1].path
    kept = copy.read_bytes()
    copy.unlink()
    assert tasks.backup_check_task.call()["missing"] == 1
    (alert,) = _open_alerts()
    assert alert.severity == "critical" and copied[1].path in alert.message
    event = AuditEvent.objects.filter(action="recording.backup_checked").latest("seq")
    assert '"missing":1' in event.data and copied[1].path in event.data
    copy.write_bytes(kept)
    tasks.backup_check_task.call()
    assert _open_alerts() == []


def test_r_rec_5_copy_of_another_size_is_altered(copied, backup_dir):
    (backup_dir / copied[0].path).write_bytes(b"short")
    assert tasks.backup_check_task.call()["altered"] == 1
    assert len(_open_alerts()) == 1


def test_r_rec_5_daily_sample_decodes_the_copies(copied):
    assert tasks.backup_sample_task.call() == {"sampled": 3, "missing": 0, "altered": 0,
                                               "unplayable": 0}
    assert AuditEvent.objects.filter(action="recording.backup_sampled").count() == 1
    assert _open_alerts() == []


def test_r_rec_5_same_size_altered_copy_is_found_by_the_sample(copied, backup_dir):
    copy = backup_dir / copied[2].path
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    assert tasks.backup_check_task.call()["altered"] == 0, "sizes alone cannot see it"
    assert tasks.backup_sample_task.call()["altered"] == 1
    (alert,) = _open_alerts()
    assert copied[2].path in alert.message


def test_r_rec_5_a_copy_that_does_not_play_is_no_backup(backup_dir, make_camera, seal_file):
    camera = make_camera()
    seal_file(camera, dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC))  # bytes, not video
    assert tasks.backup_task.call()["copied"] == 1
    assert tasks.backup_check_task.call()["missing"] == 0
    assert tasks.backup_sample_task.call()["unplayable"] == 1
    (alert,) = _open_alerts()
    assert "do not play" in alert.message


def test_r_rec_5_no_backup_store_no_check(settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "BACKUP_TARGET": ""}
    assert tasks.backup_check_task.call() is None
