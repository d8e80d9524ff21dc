"""Retention (R-REC-1, R-REC-2, R-REC-3): longer retention asked for and decided,
nobody deleting footage by hand, and the sweep that removes what has expired."""

import datetime as dt
from collections import defaultdict

from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.times import local, local_text, utc_iso
from watchroom.devices.models import Camera
from watchroom.recording import policy, selectors, storage
from watchroom.recording.choices import Decision, SegmentState
from watchroom.recording.models import RetentionExtension, Segment
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def extension_request(*, actor, camera: Camera, days: int, reason: str):
    if refusal := selectors.extension_request_refusal(actor):
        raise refusal
    current = policy.retention_days(camera)
    if days <= current:
        raise RuleViolation("R-REC-2", _(
            "Retention can only be extended: %(camera)s keeps footage %(current)s days, "
            "%(days)s days would shorten it.") % {
                "camera": camera, "current": current, "days": days}, status=400)
    if not reason.strip():
        raise RuleViolation("R-REC-1", _("Say why the footage must be kept longer."),
                            status=400)
    extension = RetentionExtension.objects.create(
        camera=camera, days=days, reason=reason.strip(), requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(actor=actor, action="recording.retention_extension_requested",
                 target=extension, data={"camera": camera.code, "days": days,
                                         "current": current, "reason": extension.reason})
    return extension


@service
def extension_decide(*, actor, extension: RetentionExtension, approve: bool):
    extension = RetentionExtension.objects.select_for_update().select_related("camera").get(
        pk=extension.pk)
    if refusal := selectors.extension_decide_refusal(actor, extension):
        raise refusal
    extension.status = Decision.APPROVED if approve else Decision.REJECTED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.save(update_fields=["status", "decided_by", "decided_at"])
    extended = 0
    if approve:
        extended = Segment.objects.filter(camera=extension.camera).update(
            keep_until=Greatest(F("keep_until"), F("end") + dt.timedelta(days=extension.days)))
    audit_record(actor=actor, action="recording.retention_extension_decided",
                 target=extension, data={"approved": approve, "days": extension.days,
                                         "segments_extended": extended})
    return extension


@service
def segment_delete(*, actor, segment: Segment, now=None):
    """No one deletes footage by hand (R-REC-2); expired footage goes by the sweep only."""
    now = now or timezone.now()
    if segment.keep_until > now:
        raise RuleViolation("R-REC-2", _(
            "Recordings inside their retention period cannot be deleted, by anyone; "
            "this one is kept until %(until)s.") % {
                "until": local_text(segment.keep_until)},
            status=403)
    if selectors.held(Segment.objects.filter(pk=segment.pk)).exists():
        raise RuleViolation("R-REC-4", _("This recording is on hold."), status=403)
    raise RuleViolation("R-REC-3", _(
        "Expired recordings are removed by the retention sweep, not by hand."), status=403)


def _summaries(rows) -> dict[tuple[int, str], dict]:
    days: dict[tuple[int, str], dict] = defaultdict(
        lambda: {"segments": 0, "bytes": 0, "first": None, "last": None})
    for row in rows:
        key = (row["camera_id"], local(row["start"]).date().isoformat())
        entry = days[key]
        entry["segments"] += 1
        entry["bytes"] += row["bytes"]
        entry["first"] = min(filter(None, (entry["first"], row["start"])))
        entry["last"] = max(filter(None, (entry["last"], row["end"])))
    return days


@service
def _segments_mark_expired(*, actor, ids: list[int]) -> list[dict]:
    rows = list(Segment.objects.filter(pk__in=ids).values(
        "id", "camera_id", "camera__code", "start", "end", "bytes", "path"))
    Segment.objects.filter(pk__in=ids).update(state=SegmentState.EXPIRED)
    codes = {r["camera_id"]: r["camera__code"] for r in rows}
    for (camera_id, day), entry in sorted(_summaries(rows).items()):
        audit_record(actor=actor, action="recording.expired_deleted",
                     target=("devices.camera", camera_id, codes[camera_id]), data={
                         "day": day, "segments": entry["segments"], "bytes": entry["bytes"],
                         "first": utc_iso(entry["first"]), "last": utc_iso(entry["last"])})
    return rows


def _remove_files(rows) -> None:
    for row in rows:
        path = storage.absolute(row["path"])
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        storage.remove_empty_parents(path)


def retention_sweep(*, actor, now=None, batch: int = 5000) -> dict:
    """R-REC-3: remove what is past retention and on no hold; audit it per camera and
    day. A crash at any point leaves rows marked expired, finished by the next sweep."""
    now = now or timezone.now()
    removed = {"segments": 0, "bytes": 0}
    leftover = list(Segment.objects.filter(state=SegmentState.EXPIRED).values("id", "path"))
    _remove_files(leftover)
    Segment.objects.filter(pk__in=[r["id"] for r in leftover]).delete()
    expired = Segment.objects.filter(state=SegmentState.SEALED, keep_until__lte=now)
    candidates = expired.exclude(pk__in=selectors.held(expired).values("pk"))
    while True:
        ids = list(candidates.order_by("camera_id", "start").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        rows = _segments_mark_expired(actor=actor, ids=ids)
        _remove_files(rows)
        Segment.objects.filter(pk__in=ids, state=SegmentState.EXPIRED).delete()
        removed["segments"] += len(rows)
        removed["bytes"] += sum(r["bytes"] for r in rows)
    return removed
