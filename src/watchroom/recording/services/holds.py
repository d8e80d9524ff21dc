"""Holds (R-REC-4): footage a hold covers outlives its retention until the hold is
released."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.recording import selectors
from watchroom.recording.models import Hold
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def hold_place(*, actor, cameras, start, end, reason: str, link_kind: str,
               link_ref: str = "") -> Hold:
    """A hold someone places by hand, on the page or through the API."""
    cameras = list(cameras)
    if not cameras:
        raise RuleViolation("R-REC-4", _("A hold must name at least one camera."), status=400)
    if end <= start:
        raise RuleViolation("R-REC-4", _("A hold must end after it starts."), status=400)
    if not reason.strip():
        raise RuleViolation("R-REC-4", _("A hold needs a reason."), status=400)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None and (refusal := selectors.hold_place_refusal(user, link_kind)):
        raise refusal
    return hold_create(actor=actor, cameras=cameras, start=start, end=end, reason=reason,
                       link_kind=link_kind, link_ref=link_ref)


def hold_create(*, actor, cameras, start, end, reason: str, link_kind: str,
                link_ref: str = "") -> Hold:
    """Inside the caller's transaction: the hold a rule itself requires (a filed footage
    request, a reported incident), whoever's action triggered it."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    hold = Hold.objects.create(
        reason=reason.strip(), link_kind=link_kind, link_ref=link_ref, start=start, end=end,
        placed_by=user, placed_at=timezone.now(),
    )
    hold.cameras.set(cameras)
    audit_record(actor=actor, action="recording.hold_placed", target=hold, data={
        "cameras": sorted(c.code for c in cameras), "start": utc_iso(start),
        "end": utc_iso(end), "reason": hold.reason, "link": f"{link_kind}:{link_ref}"})
    return hold


@service
def hold_release(*, actor, hold: Hold, note: str = "") -> Hold:
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if refusal := selectors.hold_release_refusal(actor, hold):
        raise refusal
    if not note.strip():
        raise RuleViolation("R-REC-4", _("Say why the hold is released."), status=400)
    hold.released_by = actor
    hold.released_at = timezone.now()
    hold.release_note = note.strip()
    hold.save(update_fields=["released_by", "released_at", "release_note"])
    audit_record(actor=actor, action="recording.hold_released", target=hold,
                 data={"note": hold.release_note})
    return hold
