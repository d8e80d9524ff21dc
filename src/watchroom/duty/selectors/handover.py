"""The shift handover (R-HAND-1…5): the shift taking over, the form prefilled from the
shift, a record's content hash and its recheck for `audit verify`."""

import datetime as dt
import hashlib
import json

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.audit.services import canonical_json
from watchroom.core.people import person_name
from watchroom.core.times import local_text, parse_iso
from watchroom.duty.choices import HandoverStatus, LogCategory
from watchroom.duty.models import CheckItem, Handover, InventoryItem, LogEntry, ShiftCheck
from watchroom.duty.selectors import attendance, shifts
from watchroom.rules import RuleViolation

CONTENT = ("room", "shift_start", "outgoing_people", "incoming_people", "events",
           "open_alerts", "continuing", "instructions", "equipment", "hygiene", "hygiene_note",
           "items")


def refusal_key(room) -> str:
    return f"duty.handover_refused:{room.pk}"


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


def people_of(ids) -> list[dict]:
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
    return local_text(parse_iso(iso), "%H:%M")


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
            or _("All checked items passed (%(when)s).") % {"when": local_text(check.checked_at)}
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


def recheck_accepted() -> tuple[int, list[str]]:
    """R-HAND-5, for `audit verify`: every accepted handover's content recomputed and
    compared with its stored hash and with the hash its acceptance put in the audit
    trail. Returns (handovers checked, problems found)."""
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


def waiting(room, *, lock: bool = False) -> Handover | None:
    """The room's handover signed by the outgoing shift and waiting for the incoming one
    (at most one, R-HAND-2); `lock` holds it for a service that is about to sign."""
    found = Handover.objects.filter(room=room, status=HandoverStatus.SIGNED_OUT)
    if lock:
        return found.select_for_update().first()
    return found.select_related("outgoing_signer__staff").first()


def decide_refusal(handover: Handover, actor=None) -> RuleViolation | None:
    """What stops `actor` from accepting or refusing `handover` (R-HAND-1, R-HAND-5), or
    None. The services ask it before deciding; the handover page offers the decision on
    a handover it allows (`actor` None: whoever signs is known only when they do)."""
    if handover.status != HandoverStatus.SIGNED_OUT:
        return RuleViolation("R-HAND-5", _("This handover was %(status)s at %(when)s; it does "
                                           "not change.") % {
            "status": handover.get_status_display(), "when": local_text(handover.decided_at)})
    if actor is None:
        return None
    if actor.pk == handover.outgoing_signer_id:
        return RuleViolation("R-HAND-5", _(
            "%(user)s signed as the outgoing operator; the incoming operator signs the "
            "other side.") % {"user": person_name(actor)}, status=403)
    if actor.pk not in {p["id"] for p in handover.incoming_people}:
        return RuleViolation("R-HAND-5", _(
            "%(user)s is not on the incoming shift of %(start)s.") % {
            "user": person_name(actor), "start": local_text(handover.shift_start)}, status=403)
    present = attendance.open_attendance(actor)
    if present is None or present.room_id != handover.room_id:
        return RuleViolation("R-HAND-1", _("Clock on in %(room)s before taking over.") % {
            "room": handover.room})
    return None
