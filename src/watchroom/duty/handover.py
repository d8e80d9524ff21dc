"""The shift handover (交接班, R-HAND-1…5).

The form is prefilled from the shift: its log, open alerts, the pre-shift check, the
room's inventory, and what a refused handover named. The outgoing operator signs with
their own password (or authenticator code); the incoming one then accepts or refuses on
the same screen with theirs. Refused, the outgoing shift stays responsible and the room
head is alerted; accepted, responsibility passes, the shift's log locks and the record
never changes again (its content hash is in the audit trail).
"""

import datetime as dt
import hashlib
import json

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record, canonical_json
from watchroom.core.people import person_name
from watchroom.duty import attendance, log, shifts, signatures
from watchroom.duty.models import (
    CheckItem,
    Handover,
    HandoverStatus,
    Hygiene,
    InventoryItem,
    LogCategory,
    LogEntry,
    ShiftCheck,
)
from watchroom.rules import RuleViolation
from watchroom.service import service

CONTENT = ("room", "shift_start", "outgoing_people", "incoming_people", "events",
           "open_alerts", "continuing", "instructions", "equipment", "hygiene", "hygiene_note",
           "items")


def refusal_key(room) -> str:
    return f"duty.handover_refused:{room.pk}"


def _hm(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def incoming_shift(room, now: dt.datetime, taken: dt.datetime | None = None
                   ) -> shifts.RoomShift:
    """The shift taking over: the one whose arrival window has opened, else the one
    after the shift on duty (its handover opens at its arrival time, R-HAND-1)."""
    lead = dt.timedelta(minutes=room.site.policy.handover_early_minutes)
    shift = shifts.shift_at(room, now + lead)
    if taken is not None and shift.start <= taken:
        after = shifts.shift_at(room, taken)
        shift = shifts.shift_at(room, after.end)
    return shift


def _people(ids) -> list[dict]:
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)
             .select_related("staff")}
    return [{"id": i, "username": users[i].get_username(),
             "name": person_name(users[i])} for i in ids if i in users]


def _events(room, since: dt.datetime, until: dt.datetime) -> list[dict]:
    """The shift's log entries as the handover keeps them (read as values: a busy shift
    has hundreds)."""
    rows = (LogEntry.objects.filter(room=room, at__gte=since, at__lt=until)
            .order_by("at", "pk")
            .values_list("pk", "at", "category", "seen", "done", "told", "camera__code")[:500])
    return [{"id": pk, "at": at.isoformat(), "category": category, "seen": seen, "done": done,
             "told": told, "camera": camera or ""}
            for pk, at, category, seen, done, told, camera in rows]


def event_time(iso: str) -> str:
    """A kept event's time (ISO 8601, as stored) in local time."""
    return timezone.localtime(dt.datetime.fromisoformat(iso)).strftime("%H:%M")


def prefill(room, now: dt.datetime | None = None) -> dict:
    """What the form starts with; the outgoing operator completes it."""
    now = now or timezone.now()
    duty = shifts.responsible(room, now)
    since = duty.since or shifts.shift_at(room, now).start
    incoming = incoming_shift(room, now, duty.shift_start)
    events = _events(room, since, now + dt.timedelta(seconds=1))
    refused = (Handover.objects.filter(room=room, status=HandoverStatus.REFUSED,
                                       decided_at__gte=since).order_by("-decided_at").first())
    check = (ShiftCheck.objects.filter(room=room, shift_start__lte=now)
             .order_by("-shift_start").first())
    equipment = ""
    if check is not None:
        failed = CheckItem.objects.filter(shift_check=check, ok=False)
        equipment = "; ".join(f"{i.get_kind_display()} {i.subject}: {i.note}" for i in failed) \
            or _("All checked items passed (%(when)s).") % {"when": _hm(check.checked_at)}
    instructions = "\n".join(f"{event_time(e['at'])} {e['seen']}" for e in events
                             if e["category"] == LogCategory.INSTRUCTION)
    return {
        "shift": incoming, "since": since, "duty": duty, "refused": refused,
        "opens_at": shifts.arrival_due(room, incoming.start),
        "outgoing_people": duty.team,
        "incoming_people": [d.person_id for d in shifts.rostered(room, incoming)],
        "events": events,
        "open_alerts": [{"id": a.pk, "kind": a.kind, "severity": a.severity,
                         "message": a.message, "opened": a.opened_at.isoformat()}
                        for a in Alert.objects.filter(closed_at__isnull=True)
                        .order_by("-opened_at")[:100]],
        "continuing": refused.continuing if refused else "",
        "instructions": instructions,
        "equipment": equipment,
        "items": [{"name": i.name, "expected": i.quantity, "count": i.quantity, "ok": True,
                   "note": ""} for i in InventoryItem.objects.filter(room=room, active=True)],
    }


def content_hash(handover: Handover) -> str:
    body = {f: getattr(handover, f) for f in CONTENT}
    body["room"] = handover.room.code
    body["shift_start"] = handover.shift_start.astimezone(dt.UTC).isoformat()
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


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
def sign_out(*, actor, room, password: str = "", code: str = "", continuing: str = "",
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
            "before.") % {"start": _hm(draft["shift"].start),
                          "minutes": room.site.policy.handover_early_minutes})
    if Handover.objects.select_for_update().filter(
            room=room, status=HandoverStatus.SIGNED_OUT).exists():
        raise RuleViolation("R-HAND-2", _("A handover of %(room)s is already waiting for the "
                                          "incoming operator.") % {"room": room})
    if hygiene not in Hygiene.values:
        raise RuleViolation("R-HAND-2", _("Say how the room was left (hygiene)."), status=400)
    if hygiene == Hygiene.ATTENTION and not hygiene_note.strip():
        raise RuleViolation("R-HAND-2", _("Say what needs attention in the room."), status=400)
    cleaned = _counted(draft["items"], items)
    handover = Handover(
        room=room, shift_start=draft["shift"].start,
        outgoing_people=_people(duty.team), incoming_people=_people(draft["incoming_people"]),
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
    if handover.status != HandoverStatus.SIGNED_OUT:
        raise RuleViolation("R-HAND-5", _("This handover was %(status)s at %(when)s; it does "
                                          "not change.") % {
            "status": handover.get_status_display(), "when": _hm(handover.decided_at)})
    if actor.pk == handover.outgoing_signer_id:
        raise RuleViolation("R-HAND-5", _(
            "%(user)s signed as the outgoing operator; the incoming operator signs the "
            "other side.") % {"user": person_name(actor)}, status=403)
    if actor.pk not in {p["id"] for p in handover.incoming_people}:
        raise RuleViolation("R-HAND-5", _(
            "%(user)s is not on the incoming shift of %(start)s.") % {
            "user": person_name(actor), "start": _hm(handover.shift_start)}, status=403)
    present = attendance.open_attendance(actor)
    if present is None or present.room_id != handover.room_id:
        raise RuleViolation("R-HAND-1", _("Clock on in %(room)s before taking over.") % {
            "room": handover.room})
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
def accept(*, actor, handover: Handover, password: str = "", code: str = "") -> Handover:
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
    log.lock_entries(actor=actor, room=handover.room, until=now)
    audit_record(actor=actor, action="duty.handover_accepted", target=handover, data={
        "room": handover.room.code, "content_hash": handover.content_hash,
        "outgoing": handover.outgoing_signer.get_username(), "shared_entries": shared})
    alert_close(actor=actor, key=refusal_key(handover.room),
                note=_("handover accepted by %(user)s") % {"user": person_name(actor)})
    return handover


@service
def refuse(*, actor, handover: Handover, reasons: str, password: str = "",
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
    audit_record(actor=actor, action="duty.handover_refused", target=handover, data={
        "room": handover.room.code, "content_hash": handover.content_hash,
        "reasons": handover.refused_items, "shared_entries": shared})
    alert_raise(actor=actor, kind="duty.handover_refused", severity="critical",
                key=refusal_key(handover.room), target=handover.room,
                message=_("%(room)s: %(user)s refused the handover of %(start)s: %(reasons)s. "
                          "The outgoing shift stays on duty (R-HAND-3).") % {
                    "room": handover.room, "user": person_name(actor),
                    "start": _hm(handover.shift_start), "reasons": handover.refused_items})
    return handover


def recheck_accepted() -> tuple[int, list[str]]:
    """R-HAND-5, for `audit verify`: every accepted handover's content recomputed and
    compared with its stored hash and with the hash its acceptance put in the audit
    trail. Returns (handovers checked, problems found)."""
    from watchroom.audit.models import AuditEvent

    recorded = {}
    for target_id, data in AuditEvent.objects.filter(
            action="duty.handover_accepted", target_type="duty.handover").values_list(
            "target_id", "data").iterator():
        recorded[target_id] = json.loads(data).get("content_hash")
    problems, count = [], 0
    for item in Handover.objects.filter(status=HandoverStatus.ACCEPTED).select_related(
            "room").order_by("pk").iterator():
        count += 1
        actual = content_hash(item)
        if actual != item.content_hash:
            problems.append(f"handover {item.pk}: its content no longer matches its stored "
                            "hash: it was altered after signing")
        if recorded.get(str(item.pk)) not in {actual} & {item.content_hash}:
            problems.append(f"handover {item.pk}: its content hash is not the one its "
                            "acceptance recorded in the audit trail")
    return count, problems
