"""Run-time staffing (R-DUTY-1 remind): once a shift has started and the lateness grace
has passed, fewer people on duty than the profile's minimum alerts the room head, not
only nobody at all. The alert closes when enough are on duty again.

"On duty" is who is clocked on in the room now for the running time: the people of
the shift, substitutes and anyone else clocked on without a duty; not the outgoing
shift waiting to hand over, whose duty has ended."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.core.times import local_text
from watchroom.duty.selectors import attendance, shifts
from watchroom.duty.selectors.staffing import on_duty, uncovered_key, understaffed_key
from watchroom.service import service


@service
def staffing_check(*, actor, room, now: dt.datetime | None = None) -> int | None:
    """The number on duty when it is below the minimum (and alerted), else None."""
    now = now or timezone.now()
    shift = shifts.shift_at(room, now)
    key = understaffed_key(room, shift.start)
    if now < shift.start + attendance.grace(room):
        return None
    present = len(on_duty(room, now))
    needed = room.site.policy.min_staff_per_shift
    if present >= needed:
        alert_close(actor=actor, key=key, note=_("%(on)s on duty") % {"on": present})
        return None
    nobody_alerted = Alert.objects.filter(
        closed_at__isnull=True, key__in=[attendance.no_show_key(room, shift.start),
                                         uncovered_key(room, shift.start)]).exists()
    if present == 0 and nobody_alerted:
        return present  # "nobody is there" is already alerted
    alert_raise(actor=actor, kind="duty.understaffed", severity="warning", key=key,
                target=room, message=_(
        "%(room)s: the shift from %(start)s has %(on)s on duty, fewer than the %(min)s the "
        "profile requires (R-DUTY-1).") % {
        "room": room, "start": local_text(shift.start),
        "on": present, "min": needed})
    return present
