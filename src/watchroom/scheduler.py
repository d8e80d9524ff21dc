"""The periodic schedule the worker runs: each job is a task enqueued every `every`."""

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections
from django.db.models import Min
from django.utils import timezone
from django.utils.module_loading import import_string

from watchroom.audit.chain import seal_pending
from watchroom.core.models import PolicyProfile, ScheduleState

logger = logging.getLogger("watchroom.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    task: str
    every: dt.timedelta


CHECKPOINT_MINUTES = 5


def checkpoint_every() -> dt.timedelta:
    """R-SEC-3: the shortest checkpoint interval of the profiles the sites use (the
    chain is one for all sites); the profile default before any site exists."""
    minutes = PolicyProfile.objects.filter(sites__isnull=False).aggregate(
        m=Min("checkpoint_minutes"))["m"]
    return dt.timedelta(minutes=minutes or CHECKPOINT_MINUTES)


HEALTH_CHECK_MINUTES = 5


def health_check_every() -> dt.timedelta:
    """The shortest health-check interval of the profiles the sites use."""
    minutes = PolicyProfile.objects.filter(sites__isnull=False).aggregate(
        m=Min("health_check_minutes"))["m"]
    return dt.timedelta(minutes=minutes or HEALTH_CHECK_MINUTES)


def jobs() -> list[Job]:
    return [
        Job("audit.checkpoint", "watchroom.audit.tasks.audit_checkpoint_task",
            checkpoint_every()),
        Job("recording.gaps", "watchroom.recording.tasks.gap_check_task",
            dt.timedelta(seconds=settings.WATCHROOM["SEGMENT_SECONDS"])),
        Job("recording.retention", "watchroom.recording.tasks.retention_sweep_task",
            dt.timedelta(minutes=10)),
        Job("recording.verify", "watchroom.recording.tasks.rolling_verify_task",
            dt.timedelta(minutes=10)),
        Job("recording.backup", "watchroom.recording.tasks.backup_task",
            dt.timedelta(minutes=5)),
        Job("recording.backup_check", "watchroom.recording.tasks.backup_check_task",
            dt.timedelta(hours=6)),
        Job("recording.backup_sample", "watchroom.recording.tasks.backup_sample_task",
            dt.timedelta(days=1)),
        Job("duty.attendance", "watchroom.duty.tasks.attendance_task",
            dt.timedelta(minutes=1)),
        Job("footage.stalled_exports", "watchroom.footage.tasks.reap_stalled_exports_task",
            dt.timedelta(seconds=max(settings.WATCHROOM["EXPORT_STALL_SECONDS"] // 2, 5))),
        Job("recording.viewing_sessions",
            "watchroom.recording.tasks.close_viewing_sessions_task", dt.timedelta(minutes=1)),
        Job("recording.live_sessions",
            "watchroom.recording.tasks.close_live_sessions_task", dt.timedelta(minutes=1)),
        Job("recording.storage", "watchroom.recording.tasks.storage_projection_task",
            dt.timedelta(hours=1)),
        Job("recording.playback_cache",
            "watchroom.recording.tasks.playback_cache_clean_task", dt.timedelta(minutes=30)),
        Job("care.fault_deadlines", "watchroom.care.tasks.fault_deadlines_task",
            dt.timedelta(minutes=1)),
        Job("care.maintenance", "watchroom.care.tasks.maintenance_task",
            dt.timedelta(minutes=15)),
        Job("health.clocks", "watchroom.health.tasks.clock_measure_task",
            health_check_every()),
        Job("health.recordings", "watchroom.health.tasks.recordings_check_task",
            health_check_every()),
        Job("health.blocks", "watchroom.health.tasks.blocks_end_task",
            dt.timedelta(minutes=1)),
        Job("health.sweep", "watchroom.health.tasks.health_sweep_task", health_check_every()),
        Job("care.reconciliation", "watchroom.care.tasks.reconciliation_check_task",
            dt.timedelta(hours=1)),
        Job("notifications.outbox", "watchroom.notifications.tasks.deliver_outbox_task",
            dt.timedelta(seconds=30)),
        Job("notifications.escalation", "watchroom.notifications.tasks.escalation_tick_task",
            dt.timedelta(seconds=30)),
    ]


def claim(job: Job, now: dt.datetime) -> bool:
    """True when this process won the job's due slot (safe with several workers)."""
    ScheduleState.objects.get_or_create(name=job.name, defaults={"next_run": now})
    won = ScheduleState.objects.filter(name=job.name, next_run__lte=now).update(
        next_run=now + job.every, last_run=now
    )
    return won == 1


def tick(now: dt.datetime | None = None) -> list[str]:
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        if claim(job, now):
            import_string(job.task).enqueue()
            enqueued.append(job.name)
    return enqueued


def seal_forever(stop: threading.Event, interval: float = 1.0) -> None:
    """Seal audit events written while the chain's head was busy (see audit.chain)."""
    while not stop.is_set():
        try:
            close_old_connections()
            seal_pending()
        except Exception:
            logger.exception("sealing pending audit events failed; retrying")
        stop.wait(interval)


def run_forever(stop: threading.Event, interval: float = 15.0) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            for name in tick():
                logger.info("enqueued %s", name)
        except Exception:
            logger.exception("scheduler tick failed; retrying")
        finally:
            close_old_connections()
        stop.wait(interval)
