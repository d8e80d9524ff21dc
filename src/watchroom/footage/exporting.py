"""Building an export package from the catalogue: what goes in the manifest, where the
package is written, progress as it goes."""

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import imageio_ffmpeg
from django.utils import timezone

from watchroom.audit import signing
from watchroom.audit.context import Process
from watchroom.audit.models import AuditCheckpoint, AuditEvent
from watchroom.core.times import utc_iso
from watchroom.footage import export_runs, package, services, watermark
from watchroom.footage.models import Export
from watchroom.footage.selectors import current_scope, export_ranges, exports_dir, segments_in
from watchroom.recording import storage

logger = logging.getLogger("watchroom.export")
ACTOR = Process("exporter")


def manifest_for(export: Export, segments) -> dict:
    request = export.request
    sealed = {e.target_id: e for e in AuditEvent.objects.filter(
        action="recording.segment_sealed", target_type="recording.segment",
        target_id__in=[str(s.pk) for s in segments])}
    checkpoint = AuditCheckpoint.objects.order_by("-seq").first()
    approvals = request.approvals.filter(scope_version=request.scope_version).select_related(
        "approver__staff")
    return {
        "format": "watchroom-export/2",
        "request": {
            "number": request.number, "requester_type": request.requester_type,
            "requester": request.requester_name, "unit": request.requester_unit,
            "contact": request.requester_contact, "id_number": request.requester_id_number,
            "officers": request.officers, "purpose": request.purpose, "need": request.need,
            "scope_version": request.scope_version, "originals": request.originals,
            "scope": [{"camera": i.camera.code, "camera_name": i.camera.name,
                       "start": utc_iso(i.start), "end": utc_iso(i.end)}
                      for i in current_scope(request)],
        },
        "approvals": [{"step": a.step, "role": a.role, "approver": _name(a.approver),
                       "decision": a.decision, "comment": a.comment,
                       "at": utc_iso(a.decided_at), "second_factor": a.second_factor}
                      for a in approvals],
        "recipient": {"name": request.requester_name, "unit": request.requester_unit,
                      "id_number": request.requester_id_number},
        "export": {"id": export.pk, "by": _name(export.created_by),
                   "at": utc_iso(timezone.now()),
                   "ranges": [{"camera": c.code, "start": utc_iso(s),
                               "end": utc_iso(e)}
                              for c, s, e in export_ranges(export)]},
        "sealing_events": [
            {"segment": s.pk, "seq": sealed[str(s.pk)].seq, "hash": sealed[str(s.pk)].hash}
            for s in segments if str(s.pk) in sealed and sealed[str(s.pk)].seq is not None],
        "checkpoint": ({"seq": checkpoint.seq, "hash": checkpoint.hash,
                        "created": utc_iso(checkpoint.created),
                        "key_id": checkpoint.key_id, "signature": checkpoint.signature}
                       if checkpoint else None),
    }


def _name(user) -> str:
    staff = getattr(user, "staff", None)
    return f"{staff.full_name} ({user.username})" if staff else user.username


@dataclass(frozen=True)
class PlannedClip:
    clip: package.Clip
    segments: list


def source_of(segment) -> package.Source:
    return package.Source(
        path=storage.absolute(segment.path),
        arcname=f"segments/{segment.camera.code}/{Path(segment.path).name}",
        sha256=segment.sha256, bytes=segment.bytes, piece_start=segment.start,
        info={"camera": segment.camera.code, "start": utc_iso(segment.start),
              "end": utc_iso(segment.end), "segment": segment.pk})


def clip_name(number: str, camera, start, end) -> str:
    begin = start.astimezone(dt.UTC)
    return (f"clips/{camera.code}/{number}-{camera.code}-{begin:%Y%m%dT%H%M%S}Z-"
            f"{int((end - start).total_seconds())}s.mp4")


def clips_for(export: Export) -> list[PlannedClip]:
    """R-FOOT-3: one clip per approved range, cut from the segments that overlap it."""
    planned = []
    for camera, start, end in export_ranges(export):
        segments = list(segments_in([(camera, start, end)]))
        if not segments:
            continue
        planned.append(PlannedClip(package.Clip(
            arcname=clip_name(export.request.number, camera, start, end), camera=camera.code,
            start=start, end=end, sources=[source_of(s) for s in segments]), segments))
    return planned


def package_path(export: Export) -> Path:
    return exports_dir() / f"{export.request.number}-{export.pk}.zip"


def build_export(export_id: int) -> Export:
    """One attempt at building a queued export (see export_runs for its states): written
    in the attempt's own folder, published into the exports folder when complete."""
    attempt = export_runs.export_attempt_begin(actor=ACTOR, export_id=export_id)
    export = Export.objects.select_related("request", "created_by").get(pk=export_id)
    if attempt is None:
        return export
    clips = clips_for(export)
    segments = list({s.pk: s for c in clips for s in c.segments}.values())
    last = [-1]

    def progress(pct: int) -> None:
        if pct >= last[0] + 5 or pct == 100:
            last[0] = pct
            Export.objects.filter(pk=export.pk, attempts=attempt).update(progress=pct)

    target = export_runs.work_dir(export, attempt) / package_path(export).name
    try:
        with export_runs.heartbeat(export.pk, attempt):
            digest, size = package.build(
                target=target, number=export.request.number,
                manifest=manifest_for(export, segments), clips=[c.clip for c in clips],
                originals=export.request.originals, key=signing.private_key(),
                merged_clip=export.merged_clip,
                ffmpeg=imageio_ffmpeg.get_ffmpeg_exe(), progress=progress,
                watermark=watermark.for_export(export) if export.watermark else None)
    except Exception as exc:
        logger.exception("export %s failed", export.pk)
        export_runs.remove_work(export, attempt)
        return services.export_fail(actor=ACTOR, export=export, error=str(exc),
                                    attempt=attempt)
    try:
        return services.export_finish(actor=ACTOR, export=export, path=target, size=size,
                                      sha256=digest, attempt=attempt)
    finally:
        export_runs.remove_work(export, attempt)
