"""Sealing (R-REC-5): a checked, hashed, durably placed file enters the catalogue and the
audit trail together; a file the check refused is reported, never catalogued."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.services import audit_record, audit_refusal
from watchroom.core.times import local_text, utc_iso
from watchroom.devices.models import Camera
from watchroom.recording import policy
from watchroom.recording.models import Segment
from watchroom.recording.services.gaps import gap_close_if_resumed
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
            raise RuleViolation("R-REC-5", _(
                "Camera %(camera)s already has a recording for %(start)s – %(end)s.") % {
                    "camera": camera, "start": local_text(start, "%H:%M:%S"),
                    "end": local_text(end, "%H:%M:%S")})
        start = covered
    segment = Segment.objects.create(
        camera=camera, start=start, end=end, path=relpath, bytes=size, sha256=sha256,
        sealed_at=now, keep_until=policy.keep_until(camera, end), verified_at=now,
    )
    gap_close_if_resumed(actor=actor, camera=camera, start=start, end=end)
    audit_record(actor=actor, action="recording.segment_sealed", target=segment, data={
        "camera": camera.code, "start": utc_iso(start), "end": utc_iso(end), "file": relpath,
        "bytes": size, "sha256": sha256, "keep_until": utc_iso(segment.keep_until),
    })
    return segment


@service
def segment_seal_batch(*, actor, segments: list[dict]) -> list[Segment | RuleViolation]:
    """R-REC-5: segments finished together enter the catalogue in one transaction, each
    as segment_seal seals it on its own: its row and audit event, or its refusal (rolled
    back to before it, and audited) without holding back the others."""
    results = []
    for fields in segments:
        try:
            with transaction.atomic():
                results.append(segment_seal(actor=actor, **fields))
        except RuleViolation as exc:
            audit_refusal(actor=actor, violation=exc, service=segment_seal.__qualname__)
            results.append(exc)
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
