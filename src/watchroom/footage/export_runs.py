"""The life of an export's build: each attempt claimed in turn, a sign of life written
while it works, and the periodic job that fails an attempt whose worker went silent,
removes what it half wrote and queues the next attempt (at most EXPORT_MAX_ATTEMPTS).

queued → running (attempt n) → done
                             → failed (the build itself failed: a changed segment, …)
                             → queued (attempt n stalled, n < max) → running (n + 1) …
                             → failed (attempt n stalled, n = max)
"""

import contextlib
import datetime as dt
import logging
import shutil
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.times import local_text, utc_iso
from watchroom.footage import notices
from watchroom.footage.choices import ExportState
from watchroom.footage.models import Export
from watchroom.footage.selectors import exports_dir
from watchroom.footage.services.exports import enqueue_build
from watchroom.service import service

logger = logging.getLogger("watchroom.export")


def heartbeat_seconds() -> float:
    return float(settings.WATCHROOM.get("EXPORT_HEARTBEAT_SECONDS", 10))


def stall_seconds() -> float:
    return float(settings.WATCHROOM.get("EXPORT_STALL_SECONDS", 120))


def max_attempts() -> int:
    return int(settings.WATCHROOM.get("EXPORT_MAX_ATTEMPTS", 3))


def work_dir(export: Export, attempt: int) -> Path:
    """Everything one attempt writes before the package is published: the package being
    written and its scratch files."""
    return exports_dir() / ".building" / f"{export.pk}-{attempt}"


def remove_work(export: Export, attempt: int) -> None:
    shutil.rmtree(work_dir(export, attempt), ignore_errors=True)


@service
def export_attempt_begin(*, actor, export_id: int, now=None) -> int | None:
    """Claim the next attempt of a queued export; None when there is nothing to build (it
    is done, failed, or another worker holds it)."""
    now = now or timezone.now()
    export = Export.objects.select_for_update().get(pk=export_id)
    if export.state != ExportState.QUEUED:
        return None
    export.state = ExportState.RUNNING
    export.attempts += 1
    export.heartbeat_at = now
    export.progress = 0
    export.save(update_fields=["state", "attempts", "heartbeat_at", "progress"])
    audit_record(actor=actor, action="footage.export_attempt_started", target=export, data={
        "number": export.request.number, "export": export.pk, "attempt": export.attempts})
    return export.attempts


def beat(export_id: int, attempt: int, now=None) -> bool:
    """One sign of life; False once the attempt is no longer the running one."""
    return Export.objects.filter(pk=export_id, attempts=attempt,
                                 state=ExportState.RUNNING).update(
        heartbeat_at=now or timezone.now()) == 1


@contextlib.contextmanager
def heartbeat(export_id: int, attempt: int, interval: float | None = None):
    """Signs of life from a thread beside the build, every `interval` seconds, for as long
    as this process lives: a killed worker stops them."""
    interval = interval or heartbeat_seconds()
    stop = threading.Event()

    def run():
        try:
            while not stop.wait(interval):
                try:
                    if not beat(export_id, attempt):
                        return
                except Exception:
                    logger.exception("export %s: heartbeat failed", export_id)
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"export-{export_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 30)


@service
def export_stalled_reap(*, actor, now=None) -> list[int]:
    """The periodic job: running exports silent for the stall time. The attempt is failed
    with the reason, its files removed; the export is queued again, or failed for good
    after the last attempt. Returns the exports handled."""
    now = now or timezone.now()
    limit = now - dt.timedelta(seconds=stall_seconds())
    stalled = list(Export.objects.select_for_update(skip_locked=True)
                   .select_related("request", "created_by")
                   .filter(state=ExportState.RUNNING, heartbeat_at__lt=limit))
    for export in stalled:
        _fail_stalled_attempt(actor=actor, export=export, now=now)
    return [e.pk for e in stalled]


def _fail_stalled_attempt(*, actor, export: Export, now) -> None:
    attempt = export.attempts
    reason = _("Attempt %(attempt)s of %(max)s stopped: its worker gave no sign of life "
               "after %(when)s (it was stopped or crashed); its half-written files were "
               "removed.") % {"attempt": attempt, "max": max_attempts(),
                              "when": local_text(export.heartbeat_at, "%Y-%m-%d %H:%M:%S")}
    remove_work(export, attempt)
    export.attempt_log = [*export.attempt_log, {
        "attempt": attempt, "failed_at": utc_iso(now),
        "last_heartbeat": utc_iso(export.heartbeat_at), "reason": reason}]
    export.progress = 0
    retry = attempt < max_attempts()
    if retry:
        export.state = ExportState.QUEUED
        export.error = _("%(reason)s It is being tried again.") % {"reason": reason}
    else:
        export.state = ExportState.FAILED
        export.finished_at = now
        export.error = _("%(reason)s No attempts are left; start a new export.") % {
            "reason": reason}
    export.error = export.error[:500]
    export.save(update_fields=["attempt_log", "progress", "state", "error", "finished_at"])
    audit_record(actor=actor, action="footage.export_attempt_failed", target=export, data={
        "number": export.request.number, "export": export.pk, "attempt": attempt,
        "reason": reason, "retry": retry})
    if retry:
        transaction.on_commit(lambda: enqueue_build(export.pk))
    else:
        audit_record(actor=actor, action="footage.export_failed", target=export, data={
            "number": export.request.number, "export": export.pk, "error": export.error})
        notices.export_failed(export)
