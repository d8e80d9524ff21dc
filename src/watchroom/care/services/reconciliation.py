"""The end-of-day reconciliation's writes (R-EQUIP-7): the room head signs, with their
own password, the counts the archive gives and the differences they found; a day left
unsigned raises an alert."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.choices import Severity
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.care.models import Reconciliation, ReconciliationLine
from watchroom.care.selectors.reconciliation import (
    RULE,
    reconciliation_due_day,
    reconciliation_lines,
    reconciliation_missing,
    reconciliation_sign_refusal,
)
from watchroom.core.choices import Role
from watchroom.core.models import MonitoringRoom
from watchroom.core.validation import invalid
from watchroom.duty.services.signatures import verify
from watchroom.notifications.services import notify
from watchroom.rules import RuleViolation
from watchroom.service import service


def alert_key(room: MonitoringRoom, day: dt.date) -> str:
    return f"care:reconciliation_missing:room:{room.pk}:{day.isoformat()}"


@service
def reconciliation_sign(*, actor, room: MonitoringRoom, day: dt.date, findings: dict,
                        note: str = "", password: str = "",
                        now: dt.datetime | None = None) -> Reconciliation:
    """R-EQUIP-7: the room head's reconciliation of `room` for `day`, signed with their
    own password. The counts are the archive's at signing; `findings` maps a line's key
    (`<kind>:<status>`, e.g. `camera:faulty`) to the room head's note of a difference
    or anomaly (an empty note: the line agrees). One per room and day."""
    now = now or timezone.now()
    room = MonitoringRoom.objects.select_for_update().get(pk=room.pk)
    refusal = reconciliation_sign_refusal(actor, room, day, now=now)
    if refusal is not None:
        raise refusal
    verify(actor, password=password, rule=RULE)
    lines = reconciliation_lines(room, now=now)
    keys = {line.key for line in lines}
    unknown = sorted(k for k, v in findings.items() if k not in keys and str(v).strip())
    if unknown:
        raise invalid(RULE, {"findings": [_("No such line: %(lines)s.") % {
            "lines": ", ".join(unknown)}]})
    notes = {k: str(v).strip()[:500] for k, v in findings.items() if str(v).strip()}
    try:
        record = Reconciliation.objects.create(
            room=room, day=day, note=str(note).strip()[:2000], anomalies=len(notes),
            signed_by=actor, signed_at=now)
    except IntegrityError:
        raise RuleViolation(RULE, _("The reconciliation of this day is already signed."),
                            status=409) from None
    ReconciliationLine.objects.bulk_create([
        ReconciliationLine(reconciliation=record, kind=line.kind, status=line.status,
                           archive_count=line.archive_count, seen_count=line.seen_count,
                           anomaly=line.key in notes, note=notes.get(line.key, ""))
        for line in lines])
    audit_record(actor=actor, action="care.reconciliation_signed", target=record, data={
        "room": room.code, "day": day.isoformat(), "note": record.note,
        "lines": [{"kind": line.kind, "status": line.status, "archive": line.archive_count,
                   "seen": line.seen_count, "anomaly": notes.get(line.key, "")}
                  for line in lines]})
    alert_close(actor=actor, key=alert_key(room, day), note=_("Reconciliation signed."))
    return record


def _room_heads(room: MonitoringRoom):
    return get_user_model().objects.filter(
        is_active=True, groups__name=Role.SHIFT_LEAD, staff__rooms=room).distinct()


@service
def reconciliation_overdue_alerts(*, actor, now: dt.datetime | None = None) -> list:
    """R-EQUIP-7: from 23:00 local, each active room whose day is not reconciled raises
    the alert `care.reconciliation_missing` (once: one open alert per room and day) and
    tells the room's heads; until 23:00 the day before is the one checked."""
    day = reconciliation_due_day(now)
    raised = []
    for room in MonitoringRoom.objects.filter(active=True):
        if not reconciliation_missing(room, day):
            continue
        alert, created = alert_raise(
            actor=actor, kind="care.reconciliation_missing", severity=Severity.WARNING,
            key=alert_key(room, day),
            message=_("The end-of-day reconciliation of %(room)s for %(day)s is not signed.")
            % {"room": room.name, "day": day.isoformat()}, target=room)
        if created:
            raised.append(alert)
            notify(_room_heads(room), kind="care_reconciliation_missing",
                   context={"room": room.name, "day": day.isoformat()},
                   link=reverse("care:reconciliation_sign", args=[room.pk, day.isoformat()]),
                   actor=actor)
    return raised
