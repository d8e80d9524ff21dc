"""R-REC-6: while the recorder is down, the worker opens the gap of a camera that falls
silent; footage afterwards closes it."""

import datetime as dt

from django.utils import timezone

from watchroom.alerts.models import Alert
from watchroom.recording import tasks
from watchroom.recording.models import Gap


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
