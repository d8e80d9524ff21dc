"""Exports of the approved scope: started (and built in the background), finished or
failed, downloaded (R-FOOT-3, R-FOOT-5)."""

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.files import durable_move
from watchroom.footage import fonts
from watchroom.footage.choices import ExportState, Need
from watchroom.footage.models import Export, FootageRequest, Retrieval
from watchroom.footage.selectors import current_scope, export_ranges, exports_dir, segments_in
from watchroom.footage.services.requests import scope_data, scope_list
from watchroom.footage.services.retrievals import refuse_retrieval
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def export_create(*, actor, request: FootageRequest, ranges=None, merged_clip: bool = False,
                  watermark: bool = False, now=None) -> Export:
    """An export of the approved scope, or of the ranges named (each inside it), built
    in the background."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if ranges is None:
        ranges = [(i.camera, i.start, i.end) for i in current_scope(request)]
    ranges = scope_list(ranges)
    if not ranges:
        raise RuleViolation("R-FOOT-3", _("Name what to export."), status=400)
    refuse_retrieval(actor=actor, request=request, ranges=ranges, need=Need.COPY, now=now)
    if not segments_in(ranges).exists():
        raise RuleViolation("R-FOOT-3", _("There is no footage in the ranges named."),
                            status=400)
    if watermark and fonts.watermark_font() is None:
        raise RuleViolation("R-FOOT-5", _(
            "No font is available to burn in the request number; install one or set "
            "WATCHROOM_WATERMARK_FONT."), status=409)
    export = Export.objects.create(
        request=request, created_by=actor, created_at=now, merged_clip=merged_clip,
        watermark=watermark,
        ranges=[{"camera": c.pk, "start": s.isoformat(), "end": e.isoformat()}
                for c, s, e in ranges])
    Retrieval.objects.bulk_create([
        Retrieval(request=request, operator=actor, kind=Need.COPY, camera=camera,
                  start=start, end=end, at=now) for camera, start, end in ranges])
    audit_record(actor=actor, action="footage.export_started", target=export, data={
        "number": request.number, "export": export.pk, "merged_clip": merged_clip,
        "watermark": watermark, "ranges": scope_data(ranges)})
    transaction.on_commit(lambda: enqueue_build(export.pk))
    return export


def enqueue_build(export_id: int) -> None:
    # Lazy: tasks imports exporting, which imports these services (a cycle at loading).
    from watchroom.footage.tasks import build_export_task

    build_export_task.enqueue(export_id)


def _superseded(export: Export, attempt: int | None) -> bool:
    """A late answer from an attempt the stall job already failed (or a finished export):
    it changes nothing."""
    return attempt is not None and (export.attempts != attempt
                                    or export.state != ExportState.RUNNING)


@service
def export_finish(*, actor, export: Export, path: Path, size: int, sha256: str,
                  attempt: int | None = None) -> Export:
    """The package at `path` is complete: it is moved into the exports folder (if built
    elsewhere) and the export is done."""
    export = Export.objects.select_for_update().get(pk=export.pk)
    if _superseded(export, attempt):
        return export
    final = exports_dir() / path.name
    if path != final:
        path = durable_move(path, final)
    export.state = ExportState.DONE
    export.progress = 100
    export.heartbeat_at = None
    export.path = str(path.relative_to(exports_dir()))
    export.bytes = size
    export.sha256 = sha256
    export.finished_at = timezone.now()
    export.save()
    audit_record(actor=actor, action="footage.export_built", target=export, data={
        "number": export.request.number, "export": export.pk, "file": export.path,
        "bytes": size, "sha256": sha256})
    return export


@service
def export_fail(*, actor, export: Export, error: str, attempt: int | None = None) -> Export:
    export = Export.objects.select_for_update().get(pk=export.pk)
    if _superseded(export, attempt):
        return export
    export.state = ExportState.FAILED
    export.error = error[:500]
    export.finished_at = timezone.now()
    export.heartbeat_at = None
    export.save(update_fields=["state", "error", "finished_at", "heartbeat_at"])
    audit_record(actor=actor, action="footage.export_failed", target=export, data={
        "number": export.request.number, "export": export.pk, "error": export.error})
    return export


@service
def export_download(*, actor, export: Export, now=None) -> Export:
    """Downloading a package is a retrieval too: same checks, and audited; a package
    whose file is gone is refused, not counted as downloaded."""
    request = export.request
    if export.state != ExportState.DONE:
        raise RuleViolation("R-FOOT-5", _("This package is not ready."), status=409)
    refuse_retrieval(actor=actor, request=request, ranges=export_ranges(export),
                     need=Need.COPY, now=now)
    if not (exports_dir() / export.path).exists():
        raise RuleViolation("R-FOOT-5", _("The package file is missing."), status=409)
    audit_record(actor=actor, action="footage.export_downloaded", target=export, data={
        "number": request.number, "export": export.pk, "sha256": export.sha256})
    return export
