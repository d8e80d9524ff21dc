"""The worker's recording jobs: gaps while the recorder is down, the sweep, the rolling
re-hash, backups and the storage projection."""

import datetime as dt

from django.utils import timezone

from watchroom.alerts.models import Alert
from watchroom.recording import selectors, services, tasks
from watchroom.recording.models import Gap, Segment

from ..conftest import SYSTEM


def test_r_rec_6_the_worker_opens_a_gap_when_a_camera_falls_silent(make_camera, seal_file,
                                                                   settings):
    camera = make_camera()
    seal_file(camera, timezone.now() - dt.timedelta(minutes=10))
    tasks.gap_check_task.call()
    gap = Gap.objects.get(camera=camera, end__isnull=True)
    assert Alert.objects.get(key=f"recording.gap:{camera.pk}").severity == "critical"
    tasks.gap_check_task.call()
    assert Gap.objects.filter(camera=camera).count() == 1
    seal_file(camera, timezone.now() - dt.timedelta(seconds=30))
    gap.refresh_from_db()
    assert gap.end is not None


def test_r_rec_2_the_rolling_verify_rehashes_what_is_due(make_camera, seal_file):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(hours=1))
    Segment.objects.filter(pk=segment.pk).update(
        verified_at=timezone.now() - dt.timedelta(days=30))
    assert tasks.rolling_verify_task.call() == {"ok": 1, "changed": 0, "missing": 0}
    segment.refresh_from_db()
    assert segment.verified_at > timezone.now() - dt.timedelta(minutes=1)
    assert tasks.rolling_verify_task.call() == {"ok": 0, "changed": 0, "missing": 0}


def test_r_rec_5_the_backup_job_copies_to_the_configured_store(make_camera, seal_file,
                                                               settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "BACKUP_TARGET": str(tmp_path / "copy")}
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(hours=1))
    assert tasks.backup_task.call() == {"copied": 1, "failed": []}
    assert (tmp_path / "copy" / segment.path).read_bytes() == \
        (settings.WATCHROOM["RECORDINGS_DIR"] / segment.path).read_bytes()


def test_r_rec_1_storage_projection_alerts_when_it_cannot_hold_retention(make_camera,
                                                                         seal_file):
    seal_file(make_camera(), timezone.now() - dt.timedelta(hours=1))
    assert tasks.storage_projection_task.call()["short"] is False
    projection = selectors.storage_projection()
    # At a rate that fills the whole storage in one day, 90 days cannot be kept.
    projection.bytes_per_day = projection.free_bytes + projection.used_bytes
    assert projection.short and round(projection.capacity_days) == 1
    services.storage_short_report(actor=SYSTEM, projection=projection)
    assert Alert.objects.get(key="recording.storage_projection").severity == "warning"
    tasks.storage_projection_task.call()  # the real rate: enough room again
    assert Alert.objects.get(key="recording.storage_projection").closed_at is not None
