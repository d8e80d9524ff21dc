"""R-REC-5: the worker's backup job copies sealed segments to the configured store."""

import datetime as dt

from django.utils import timezone

from watchroom.recording import tasks


def test_r_rec_5_the_backup_job_copies_to_the_configured_store(make_camera, seal_file,
                                                               settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "BACKUP_TARGET": str(tmp_path / "copy")}
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(hours=1))
    assert tasks.backup_task.call() == {"copied": 1, "failed": []}
    assert (tmp_path / "copy" / segment.path).read_bytes() == \
        (settings.WATCHROOM["RECORDINGS_DIR"] / segment.path).read_bytes()
