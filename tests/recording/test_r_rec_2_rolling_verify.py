"""R-REC-2: the worker's rolling verify re-hashes the segments that are due."""

import datetime as dt

from django.utils import timezone

from watchroom.recording import tasks
from watchroom.recording.models import Segment


def test_r_rec_2_the_rolling_verify_rehashes_what_is_due(make_camera, seal_file):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(hours=1))
    Segment.objects.filter(pk=segment.pk).update(
        verified_at=timezone.now() - dt.timedelta(days=30))
    assert tasks.rolling_verify_task.call() == {"ok": 1, "changed": 0, "missing": 0}
    segment.refresh_from_db()
    assert segment.verified_at > timezone.now() - dt.timedelta(minutes=1)
    assert tasks.rolling_verify_task.call() == {"ok": 0, "changed": 0, "missing": 0}
