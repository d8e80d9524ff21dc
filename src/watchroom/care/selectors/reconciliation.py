"""Reads of the end-of-day reconciliation (R-EQUIP-7): what a room's equipment counts
are now, whether a day was reconciled, and who may sign."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care.models import Reconciliation
from watchroom.core.models import MonitoringRoom
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import EQUIPMENT_MODELS
from watchroom.rules import RuleViolation

RULE = "R-EQUIP-7"
SIGN = "care.sign_reconciliation"


@dataclass
class Line:
    kind: str  # the model label: camera, recorder, …
    status: str
    archive_count: int
    seen_count: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.status}"

    @property
    def kind_label(self) -> str:
        return str(EQUIPMENT_MODELS[self.kind]._meta.verbose_name_plural)

    @property
    def status_label(self) -> str:
        return str(EquipmentStatus(self.status).label) if self.status in EquipmentStatus.values \
            else self.status


def _site_filter(label: str, room: MonitoringRoom) -> dict:
    if label == "camera":
        return {"area__site": room.site_id}
    if label == "display":
        return {"room": room.pk}
    return {"site": room.site_id}


def _cameras_seen_live(room: MonitoringRoom, now) -> int | None:
    """How many of the site's cameras in service the recorder shows live now; None when
    Watchroom records none of them (it cannot tell)."""
    from watchroom.recording.choices import CameraPhase
    from watchroom.recording.selectors import camera_states

    ids = list(EQUIPMENT_MODELS["camera"].objects.filter(
        area__site=room.site_id, status=EquipmentStatus.IN_SERVICE).values_list("pk", flat=True))
    states = camera_states(ids, now=now)
    known = [s for s in states.values() if s.state != CameraPhase.NOT_RECORDED]
    if not known:
        return None
    return sum(1 for s in known if s.state == CameraPhase.LIVE)


def reconciliation_lines(room: MonitoringRoom, *, now: dt.datetime | None = None) -> list[Line]:
    """R-EQUIP-7: the count of the room's site's equipment by kind and status, from the
    archive; for cameras in service, how many the system sees live now."""
    now = now or timezone.now()
    lines = []
    for label, model in EQUIPMENT_MODELS.items():
        counts = dict(model.objects.filter(**_site_filter(label, room)).order_by()
                      .values_list("status").annotate(n=Count("pk"))
                      .values_list("status", "n"))
        for status in EquipmentStatus.values:
            if counts.get(status):
                lines.append(Line(kind=label, status=status, archive_count=counts[status]))
    for line in lines:
        if line.kind == "camera" and line.status == EquipmentStatus.IN_SERVICE:
            line.seen_count = _cameras_seen_live(room, now)
    return lines


def reconciliation_of(room: MonitoringRoom, day: dt.date) -> Reconciliation | None:
    return Reconciliation.objects.filter(room=room, day=day).first()


def reconciliation_missing(room: MonitoringRoom, day: dt.date) -> bool:
    """R-EQUIP-7: True when nobody signed `room`'s reconciliation of `day`."""
    return not Reconciliation.objects.filter(room=room, day=day).exists()


def reconciliation_due_day(now: dt.datetime | None = None) -> dt.date:
    """The day whose reconciliation is checked at `now`: today from 23:00 local on,
    otherwise yesterday."""
    local = timezone.localtime(now or timezone.now())
    return local.date() if local.hour >= 23 else local.date() - dt.timedelta(days=1)


def reconciliation_board(days: int = 7, *, now: dt.datetime | None = None) -> list[dict]:
    """Each active room's last `days` days: reconciled (the record) or missing (None)."""
    today = timezone.localtime(now or timezone.now()).date()
    span = [today - dt.timedelta(days=n) for n in range(days)]
    rooms = list(MonitoringRoom.objects.filter(active=True).select_related("site"))
    done = {(r.room_id, r.day): r for r in Reconciliation.objects.filter(
        room__in=rooms, day__in=span).select_related("signed_by")}
    return [{"room": room, "days": [(day, done.get((room.pk, day))) for day in span]}
            for room in rooms]


def reconciliation_sign_refusal(actor, room: MonitoringRoom, day: dt.date, *,
                                now: dt.datetime | None = None) -> RuleViolation | None:
    """R-EQUIP-7: the room head (or the security chief) signs each day once, not ahead;
    a room head assigned to rooms signs for those rooms only."""
    if not actor.has_perm(SIGN):
        return RuleViolation(RULE, _("Only the room head signs the end-of-day "
                                     "reconciliation."), status=403)
    staff = getattr(actor, "staff", None)
    rooms = staff.rooms.all() if staff is not None else None
    if rooms is not None and rooms.exists() and not rooms.filter(pk=room.pk).exists():
        return RuleViolation(RULE, _("You are not a head of %(room)s.") % {"room": room.name},
                             status=403)
    if day > timezone.localtime(now or timezone.now()).date():
        return RuleViolation(RULE, _("A day is reconciled at its end, not ahead."))
    if not reconciliation_missing(room, day):
        return RuleViolation(RULE, _("The reconciliation of %(room)s for %(day)s is already "
                                     "signed.") % {"room": room.name, "day": day.isoformat()},
                             status=409)
    return None
