"""The shift handover (交接班, R-HAND-1…5).

The form is prefilled from the shift: its log, open alerts, the pre-shift check, the
room's inventory, and what a refused handover named. The outgoing operator signs with
their own password (or authenticator code); the incoming one then accepts or refuses on
the same screen with theirs. Refused, the outgoing shift stays responsible and the room
head is alerted; accepted, responsibility passes, the shift's log locks and the record
never changes again (its content hash is in the audit trail).
"""


from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.duty import extensions
from watchroom.duty.choices import HandoverStatus, Hygiene
from watchroom.duty.models import Handover, LogEntry
from watchroom.duty.selectors import shifts
from watchroom.duty.selectors.handover import (
    content_hash,
    decide_refusal,
    people_of,
    prefill,
    refusal_key,
    waiting,
)
from watchroom.duty.services import signatures
from watchroom.duty.services.log import log_entries_lock
from watchroom.rules import RuleViolation
from watchroom.service import service


def _counted(inventory: list[dict], given: list[dict] | None) -> list[dict]:
    """The room's items as counted: the quantity expected is the inventory's, whatever
    the form says; an item in order only when all of it is there."""
    if given is None:
        return inventory
    by_name = {str(i.get("name", "")).strip(): i for i in given}
    unknown = sorted(set(by_name) - {i["name"] for i in inventory})
    if unknown:
        raise RuleViolation("R-HAND-2", _("Not a handover item of this room: %(items)s.") % {
            "items": ", ".join(unknown)}, status=400)
    counted = []
    for item in inventory:
        report = by_name.get(item["name"], {})
        try:
            count = int(report.get("count"))
        except (TypeError, ValueError):
            raise RuleViolation("R-HAND-2", _("Give the count of %(item)s.") % {
                "item": item["name"]}, status=400) from None
        counted.append({"name": item["name"], "expected": item["expected"], "count": count,
                        "ok": bool(report.get("ok")) and count == item["expected"],
                        "note": str(report.get("note", "")).strip()[:200]})
    return counted


@service
def handover_sign(*, actor, room, password: str = "", code: str = "", continuing: str = "",
             instructions: str = "", equipment: str = "", hygiene: str = "",
             hygiene_note: str = "", items: list[dict] | None = None) -> Handover:
    """The outgoing operator (the actor) signs the handover of the room."""
    signatures.verify(actor, password=password, code=code)
    now = timezone.now()
    draft = prefill(room, now)
    duty = draft["duty"]
    if actor.pk not in duty.team:
        raise RuleViolation("R-HAND-5", _(
            "%(user)s is not on duty in %(room)s; only the shift on duty hands over.") % {
            "user": person_name(actor), "room": room}, status=403)
    if now < draft["opens_at"]:
        raise RuleViolation("R-HAND-1", _(
            "The next shift starts at %(start)s; its handover opens %(minutes)s minutes "
            "before.") % {"start": local_text(draft["shift"].start),
                          "minutes": room.site.policy.handover_early_minutes})
    if waiting(room, lock=True) is not None:
        raise RuleViolation("R-HAND-2", _("A handover of %(room)s is already waiting for the "
                                          "incoming operator.") % {"room": room})
    if hygiene not in Hygiene.values:
        raise RuleViolation("R-HAND-2", _("Say how the room was left (hygiene)."), status=400)
    if hygiene == Hygiene.ATTENTION and not hygiene_note.strip():
        raise RuleViolation("R-HAND-2", _("Say what needs attention in the room."), status=400)
    cleaned = _counted(draft["items"], items)
    handover = Handover(
        room=room, shift_start=draft["shift"].start,
        outgoing_people=people_of(duty.team), incoming_people=people_of(draft["incoming_people"]),
        status=HandoverStatus.SIGNED_OUT, events=draft["events"],
        open_alerts=draft["open_alerts"], continuing=continuing.strip(),
        instructions=instructions.strip(), equipment=equipment.strip(), hygiene=hygiene,
        hygiene_note=hygiene_note.strip()[:300], items=cleaned, outgoing_signer=actor,
        outgoing_signed_at=now, replaces=draft["refused"])
    handover.content_hash = content_hash(handover)
    handover.save()
    audit_record(actor=actor, action="duty.handover_signed", target=handover, data={
        "room": room.code, "shift_start": handover.shift_start.isoformat(),
        "content_hash": handover.content_hash, "events": len(handover.events),
        "items_short": [i["name"] for i in cleaned if not i["ok"]]})
    return handover


def _decidable(actor, handover: Handover, password: str, code: str) -> Handover:
    signatures.verify(actor, password=password, code=code)
    handover = Handover.objects.select_for_update().select_related("room__site").get(
        pk=handover.pk)
    if (refusal := decide_refusal(handover, actor)) is not None:
        raise refusal
    return handover


def _link_shared_entries(handover: Handover, now) -> int:
    """R-HAND-4: what was logged while both shifts were present belongs to both. An
    entry already locked by an earlier handover stays as it was (R-DUTY-4)."""
    opened = min(shifts.arrival_due(handover.room, handover.shift_start),
                 handover.outgoing_signed_at)
    return LogEntry.objects.filter(room=handover.room, at__gte=opened, at__lte=now,
                                   handover__isnull=True, locked_at__isnull=True
                                   ).update(handover=handover)


@service
def handover_accept(*, actor, handover: Handover, password: str = "", code: str = "") -> Handover:
    """The incoming operator (the actor) takes over: R-HAND-5."""
    handover = _decidable(actor, handover, password, code)
    now = timezone.now()
    if content_hash(handover) != handover.content_hash:
        raise RuleViolation("R-HAND-5", _("This handover was changed after it was signed."))
    handover.status = HandoverStatus.ACCEPTED
    handover.incoming_signer = actor
    handover.decided_at = now
    handover.save(update_fields=["status", "incoming_signer", "decided_at"])
    shared = _link_shared_entries(handover, now)
    extensions.handover_decided(handover)  # R-HAND-4: what higher apps link to it
    log_entries_lock(actor=actor, room=handover.room, until=now)
    audit_record(actor=actor, action="duty.handover_accepted", target=handover, data={
        "room": handover.room.code, "content_hash": handover.content_hash,
        "outgoing": handover.outgoing_signer.get_username(), "shared_entries": shared})
    alert_close(actor=actor, key=refusal_key(handover.room),
                note=_("handover accepted by %(user)s") % {"user": person_name(actor)})
    return handover


@service
def handover_refuse(*, actor, handover: Handover, reasons: str, password: str = "",
           code: str = "") -> Handover:
    """R-HAND-3: the incoming operator refuses, naming what is unsatisfactory; the
    outgoing shift stays on duty and responsible, and the room head is alerted."""
    if not (reasons or "").strip():
        raise RuleViolation("R-HAND-3", _("Name the items that are not satisfactory."),
                            status=400)
    handover = _decidable(actor, handover, password, code)
    now = timezone.now()
    handover.status = HandoverStatus.REFUSED
    handover.incoming_signer = actor
    handover.decided_at = now
    handover.refused_items = reasons.strip()
    handover.save(update_fields=["status", "incoming_signer", "decided_at", "refused_items"])
    shared = _link_shared_entries(handover, now)
    extensions.handover_decided(handover)  # R-HAND-4: what higher apps link to it
    audit_record(actor=actor, action="duty.handover_refused", target=handover, data={
        "room": handover.room.code, "content_hash": handover.content_hash,
        "reasons": handover.refused_items, "shared_entries": shared})
    alert_raise(actor=actor, kind="duty.handover_refused", severity="critical",
                key=refusal_key(handover.room), target=handover.room,
                message=_("%(room)s: %(user)s refused the handover of %(start)s: %(reasons)s. "
                          "The outgoing shift stays on duty (R-HAND-3).") % {
                    "room": handover.room, "user": person_name(actor),
                    "start": local_text(handover.shift_start), "reasons": handover.refused_items})
    return handover


