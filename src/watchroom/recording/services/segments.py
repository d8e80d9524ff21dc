"""Sealing (R-REC-5): a checked, hashed, durably placed file enters the catalogue and the
audit trail together; a file the check refused is reported, never catalogued."""

from collections import defaultdict

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.services import audit_record, audit_refusal
from watchroom.core.times import local_text, utc_iso
from watchroom.devices.models import Camera
from watchroom.recording import policy
from watchroom.recording.models import Gap, Segment
from watchroom.recording.services.gaps import gap_close_if_resumed, gap_close_resumed
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def segment_seal(*, actor, camera_id: int, start, end, relpath: str, size: int,
                 sha256: str) -> Segment:
    """R-REC-5: a checked, hashed, durably placed file enters the catalogue and the audit
    trail together; an open gap for the camera closes (R-REC-6)."""
    camera = Camera.objects.select_related("area__site__policy").get(pk=camera_id)
    now = timezone.now()
    covered = Segment.objects.filter(camera=camera, start__lt=end, end__gt=start).aggregate(
        last=Max("end"))["last"]
    if covered is not None:
        # Never two catalogue entries for one moment of one camera: what is already
        # catalogued keeps it (R-REC-5).
        if covered >= end:
            raise _already_recorded(camera, start, end)
        start = covered
    segment = Segment.objects.create(
        camera=camera, start=start, end=end, path=relpath, bytes=size, sha256=sha256,
        sealed_at=now, keep_until=policy.keep_until(camera, end), verified_at=now,
    )
    gap_close_if_resumed(actor=actor, camera=camera, start=start, end=end)
    _audit_sealed(actor, segment)
    return segment


def _already_recorded(camera, start, end) -> RuleViolation:
    return RuleViolation("R-REC-5", _(
        "Camera %(camera)s already has a recording for %(start)s – %(end)s.") % {
            "camera": camera, "start": local_text(start, "%H:%M:%S"),
            "end": local_text(end, "%H:%M:%S")})


def _audit_sealed(actor, segment: Segment) -> None:
    audit_record(actor=actor, action="recording.segment_sealed", target=segment, data={
        "camera": segment.camera.code, "start": utc_iso(segment.start),
        "end": utc_iso(segment.end), "file": segment.path, "bytes": segment.bytes,
        "sha256": segment.sha256, "keep_until": utc_iso(segment.keep_until),
    })


@service
def segment_seal_batch(*, actor, segments: list[dict]) -> list[Segment | RuleViolation]:
    """R-REC-5: segments finished together enter the catalogue in one transaction, each
    as segment_seal seals it on its own: its row and audit event, or its refusal
    (audited) without holding back the others. The cameras, what the catalogue already
    holds around these times, the retention and the open gaps are read once for the
    batch, and the rows inserted together."""
    if not segments:
        return []
    ids = {fields["camera_id"] for fields in segments}
    cameras = Camera.objects.select_related("area__site__policy").in_bulk(ids)
    if len(cameras) != len(ids):
        raise Camera.DoesNotExist(f"cameras {sorted(ids - set(cameras))} do not exist")
    days = policy.retention_days_of(list(cameras.values()))
    catalogued = defaultdict(list)
    for camera_id, start, end in Segment.objects.filter(
            camera_id__in=ids, start__lt=max(f["end"] for f in segments),
            end__gt=min(f["start"] for f in segments)).values_list("camera_id", "start", "end"):
        catalogued[camera_id].append((start, end))
    gaps = {gap.camera_id: gap for gap in
            Gap.objects.select_for_update().filter(camera_id__in=ids, end__isnull=True)}
    now = timezone.now()
    results, rows = [], []
    for fields in segments:
        camera, start, end = cameras[fields["camera_id"]], fields["start"], fields["end"]
        covered = max((e for s, e in catalogued[camera.pk] if s < end and e > start),
                      default=None)
        if covered is not None:
            if covered >= end:
                refusal = _already_recorded(camera, start, end)
                audit_refusal(actor=actor, violation=refusal,
                              service=segment_seal.__qualname__)
                results.append(refusal)
                continue
            start = covered
        catalogued[camera.pk].append((start, end))
        row = Segment(camera=camera, start=start, end=end, path=fields["relpath"],
                      bytes=fields["size"], sha256=fields["sha256"], sealed_at=now,
                      keep_until=policy.keep_until(camera, end, days[camera.pk]),
                      verified_at=now)
        results.append(row)
        rows.append(row)
    Segment.objects.bulk_create(rows)
    for segment in rows:
        camera = segment.camera
        if gap_close_resumed(actor=actor, camera=camera, gap=gaps.get(camera.pk),
                             start=segment.start, end=segment.end):
            del gaps[camera.pk]
        _audit_sealed(actor, segment)
    return results


@service
def segment_report_refused(*, actor, camera_id: int, start, problem: str, kept: str):
    """R-REC-5/R-REC-6: a finished file that failed the check before sealing is not
    footage in the catalogue; it is kept in quarantine, and people are told."""
    camera = Camera.objects.get(pk=camera_id)
    alert_raise(actor=actor, kind="recording.segment_refused", severity="critical",
                key=f"recording.segment_refused:{camera_id}", target=camera,
                message=_("A recording of camera %(camera)s from %(start)s failed the check "
                          "before sealing (%(problem)s) and was kept in quarantine as "
                          "%(kept)s (R-REC-5).") % {
                              "camera": str(camera), "problem": problem, "kept": kept,
                              "start": local_text(start, "%Y-%m-%d %H:%M:%S")})
    audit_record(actor=actor, action="recording.segment_refused", target=camera, data={
        "camera": camera.code, "start": utc_iso(start), "problem": problem,
        "quarantined_as": kept})
