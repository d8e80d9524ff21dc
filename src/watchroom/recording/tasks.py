"""Periodic recording jobs the worker runs (see watchroom.scheduler)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from watchroom.audit.context import Process
from watchroom.recording import (
    backup,
    playback_cache,
    policy,
    selectors,
    services,
    storage,
    viewing_copies,
)
from watchroom.recording.models import Segment

ACTOR = Process("worker")


@task()
def retention_sweep_task():
    return services.retention_sweep(actor=ACTOR)


@task()
def gap_check_task():
    """Gaps even when the recorder itself is down: cameras silent since their last segment."""
    cameras = list(policy.recorded_cameras())
    recorded = [c.pk for c in cameras]
    services.gaps_close_unrecorded(actor=ACTOR, recorded_ids=recorded)
    services.camera_address_alerts_close(actor=ACTOR, recorded_ids=recorded)
    services.gaps_check(actor=ACTOR, segment_seconds=settings.WATCHROOM["SEGMENT_SECONDS"],
                        watching={c.pk: None for c in cameras}, cameras=cameras,
                        factor=2.0)  # from sealed segments only: one may be late


@task()
def rolling_verify_task(budget: int = 2000):
    """R-REC-2: every segment re-hashed within the profile's period; the most overdue first."""
    now = timezone.now()
    segments = Segment.objects.none()
    for camera in policy.recorded_cameras():
        days = camera.area.site.policy.integrity_verify_days
        due = now - dt.timedelta(days=days) + dt.timedelta(hours=12)
        segments = segments | Segment.objects.filter(camera=camera, verified_at__lte=due)
    return services.segments_verify(
        actor=ACTOR, segments=segments.filter(state="sealed").order_by("verified_at")[:budget])


@task()
def backup_task():
    store = backup.store()
    if store is None:
        return {"copied": 0, "failed": []}
    return services.backup_run(actor=ACTOR, store=store)


@task()
def backup_check_task():
    """R-REC-5: every copy the catalogue says was made is in the backup store."""
    store = backup.store()
    if store is None:
        return None
    result = services.backup_copies_check(actor=ACTOR, store=store)
    return {"checked": result["checked"], "missing": len(result["missing"]),
            "altered": len(result["altered"])}


@task()
def backup_sample_task():
    """R-REC-5: a sample of copies fetched back and decoded: a copy that does not play
    is not a backup."""
    store = backup.store()
    if store is None:
        return None
    result = services.backup_sample_check(actor=ACTOR, store=store)
    return {"sampled": result["sampled"], "missing": len(result["missing"]),
            "altered": len(result["altered"]), "unplayable": len(result["unplayable"])}


@task()
def storage_projection_task():
    projection = selectors.storage_projection()
    if projection.short:
        services.storage_short_report(actor=ACTOR, projection=projection)
    else:
        services.storage_short_clear(actor=ACTOR)
    return {"capacity_days": projection.capacity_days, "short": projection.short}


@task()
def close_viewing_sessions_task():
    """R-FOOT-5: each viewing session idle for its time ends with its audit event."""
    return services.viewing_sessions_close_idle(actor=ACTOR)


@task()
def close_live_sessions_task():
    """R-FOOT-6: live sessions whose recorder stopped reporting end with their event."""
    return services.live_sessions_close_orphans(actor=ACTOR)


@task()
def h264_copy_task(segment_id: int):
    """The H.264 viewing copy of one H.265 segment, made ahead of the player's request."""
    segment = Segment.objects.filter(pk=segment_id, state="sealed").first()
    if segment is None or not storage.absolute(segment.path).exists():
        return False
    return viewing_copies.h264_copy_make(segment)


@task()
def playback_cache_clean_task():
    """The playback cache kept small: unused copies and cuts removed, under its bound."""
    result = playback_cache.clean()
    return {"removed": result.removed, "freed": result.freed, "kept": result.kept,
            "kept_bytes": result.kept_bytes}
