"""Integrity (R-REC-2): segments re-hashed against the catalogue, and the catalogue
reconciled with the disk. Unknown files are quarantined, never deleted."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.services import audit_record
from watchroom.core import files
from watchroom.recording import selectors, storage
from watchroom.recording.choices import IntegrityState, SegmentState
from watchroom.recording.models import Segment
from watchroom.service import service


def integrity_alert_key(kind: str, ident) -> str:
    return f"recording.integrity.{kind}:{ident}"


@service
def segment_integrity_record(*, actor, segment: Segment, found: str,
                             sha256: str = "") -> Segment:
    """The outcome of re-hashing one segment: intact, changed or missing."""
    now = timezone.now()
    if found == IntegrityState.OK:
        Segment.objects.filter(pk=segment.pk).update(verified_at=now)
        return segment
    if segment.integrity == found:
        Segment.objects.filter(pk=segment.pk).update(verified_at=now)
        return segment
    Segment.objects.filter(pk=segment.pk).update(verified_at=now, integrity=found)
    message = {
        IntegrityState.CHANGED: _("Recording %(file)s has changed on disk (R-REC-2)."),
        IntegrityState.MISSING: _("Recording %(file)s is missing from disk (R-REC-2)."),
    }[found] % {"file": segment.path}
    alert_raise(actor=actor, kind=f"recording.integrity.{found}", severity="critical",
                key=integrity_alert_key(found, segment.pk), target=segment, message=message)
    audit_record(actor=actor, action=f"recording.integrity_{found}", target=segment, data={
        "file": segment.path, "expected_sha256": segment.sha256, "found_sha256": sha256})
    return segment


def segment_check(segment: Segment) -> tuple[str, str]:
    """Re-hash one segment's file: (IntegrityState, the hash found)."""
    path = storage.absolute(segment.path)
    try:
        digest, size = files.sha256_file(path)
    except FileNotFoundError:
        return IntegrityState.MISSING, ""
    if digest != segment.sha256 or size != segment.bytes:
        return IntegrityState.CHANGED, digest
    return IntegrityState.OK, digest


def segments_verify(*, actor, segments) -> dict:
    counts = {"ok": 0, "changed": 0, "missing": 0}
    for segment in segments.iterator(chunk_size=500):
        found, digest = segment_check(segment)
        segment_integrity_record(actor=actor, segment=segment, found=found, sha256=digest)
        counts[found] += 1
    return counts


@service
def unknown_file_quarantine(*, actor, relpath: str) -> str:
    moved = storage.quarantine(storage.absolute(relpath))
    kept = moved.relative_to(storage.root()).as_posix()
    alert_raise(actor=actor, kind="recording.integrity.unknown", severity="critical",
                key=integrity_alert_key("unknown", relpath),
                target=storage.audit_target(relpath, "recording.file"),
                message=_("An unknown file %(file)s was found among the recordings and moved "
                          "to %(kept)s (R-REC-2).") % {"file": relpath, "kept": kept})
    audit_record(actor=actor, action="recording.integrity_unknown_file",
                 target=storage.audit_target(relpath, "recording.file"),
                 data={"quarantined_as": kept})
    return kept


def catalogue_reconcile(*, actor) -> dict:
    """Catalogue against disk: unknown files are quarantined (never deleted), missing
    files raise an alarm. An empty or lost catalogue therefore never deletes footage.
    (The recorder salvages its own unfinished files first: recorder.salvage.)"""
    report = {"unknown": [], "missing": 0}
    for relpath in selectors.unknown_files():
        report["unknown"].append(unknown_file_quarantine(actor=actor, relpath=relpath))
    for segment in Segment.objects.filter(state=SegmentState.SEALED).only(
            "id", "path", "integrity", "sha256", "bytes").iterator(chunk_size=2000):
        if not storage.absolute(segment.path).exists():
            segment_integrity_record(actor=actor, segment=segment,
                                     found=IntegrityState.MISSING)
            report["missing"] += 1
    return report
