"""R-REC-1: the storage projection alerts when the storage cannot hold the retention,
and the alert closes when it can."""

import datetime as dt

from django.utils import timezone

from watchroom.alerts.models import Alert
from watchroom.recording import selectors, services, tasks

from ..conftest import SYSTEM


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
