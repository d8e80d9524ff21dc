"""Periodic recording jobs the worker runs (see watchroom.scheduler)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from watchroom.audit.context import Process
from watchroom.recording import backup, policy, selectors, services, viewing
from watchroom.recording.models import Segment

ACTOR = Process("worker")


@task()
def retention_sweep_task():
    return services.sweep_retention(actor=ACTOR)


@task()
def gap_check_task():
    """Gaps even when the recorder itself is down: cameras silent since their last segment."""
    cameras = list(policy.recorded_cameras())
    services.check_gaps(actor=ACTOR, segment_seconds=settings.WATCHROOM["SEGMENT_SECONDS"],
                        watching={c.pk: None for c in cameras}, cameras=cameras)


@task()
def rolling_verify_task(budget: int = 2000):
    """R-REC-2: every segment re-hashed within the profile's period; the most overdue first."""
    now = timezone.now()
    segments = Segment.objects.none()
    for camera in policy.recorded_cameras():
        days = camera.area.site.policy.integrity_verify_days
        due = now - dt.timedelta(days=days) + dt.timedelta(hours=12)
        segments = segments | Segment.objects.filter(camera=camera, verified_at__lte=due)
    return services.verify_segments(
        actor=ACTOR, segments=segments.filter(state="sealed").order_by("verified_at")[:budget])


@task()
def backup_task():
    store = backup.store()
    if store is None:
        return {"copied": 0, "failed": []}
    return services.backup_segments(actor=ACTOR, store=store)


@task()
def storage_projection_task():
    projection = selectors.storage_projection()
    if projection.short:
        services.report_storage_short(actor=ACTOR, projection=projection)
    else:
        services.clear_storage_short(actor=ACTOR)
    return {"capacity_days": projection.capacity_days, "short": projection.short}


@task()
def close_viewing_sessions_task():
    """R-FOOT-5: each viewing session idle for its time ends with its audit event."""
    return viewing.close_idle_sessions(actor=ACTOR)
