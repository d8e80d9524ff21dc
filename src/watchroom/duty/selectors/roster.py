"""Rosters: the month's bounds and rules, who the roster rotates, what stops publishing,
and whether a roster or a duty may be changed (R-DUTY-1)."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.choices import Role
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.duty import rostering
from watchroom.duty.choices import RosterStatus
from watchroom.duty.models import Assignment
from watchroom.rules import RuleViolation


def local_zone() -> dt.tzinfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = local_zone()
    return (dt.datetime.combine(first, dt.time(), zone),
            dt.datetime.combine(following, dt.time(), zone))


def rules_for(room) -> rostering.Rules:
    policy = room.site.policy
    return rostering.Rules(starts=rostering.parse_starts(policy.shift_starts),
                           hours=policy.shift_hours, min_staff=policy.min_staff_per_shift,
                           rest_hours=policy.shift_hours)


def operators_of(room) -> list:
    """Who the roster rotates: active operators assigned to the room."""
    return list(get_user_model().objects.filter(
        is_active=True, groups__name=Role.OPERATOR, staff__rooms=room).distinct().order_by("pk"))


def _duties(roster) -> list[rostering.Duty]:
    return [rostering.Duty(a.start, a.end, a.person_id)
            for a in roster.assignments.order_by("start", "person_id")]


def is_editable(roster) -> bool:
    """A draft, or a published roster reopened for changes."""
    return roster.status == RosterStatus.DRAFT or roster.is_reopened


def may_remove(roster, duty: Assignment, now: dt.datetime | None = None) -> bool:
    """Whether this duty of an editable roster may go (reopened: only one not started)."""
    if not is_editable(roster):
        return False
    return not roster.is_reopened or duty.start > (now or timezone.now())


def edit_refusal(actor, roster) -> RuleViolation | None:
    """What stops `actor` from changing `roster` duty by duty, or None."""
    if not actor.has_perm(EDIT):
        return RuleViolation("R-DUTY-1", _("You may not edit rosters."), status=403)
    if not is_editable(roster):
        return published_refusal(roster)
    return None


def duty_remove_refusal(actor, roster, duty: Assignment,
                        now: dt.datetime | None = None) -> RuleViolation | None:
    """What stops `actor` from removing `duty` of `roster`, or None: `duty_remove` asks it,
    and the remove button is shown only when it is None."""
    if (refusal := edit_refusal(actor, roster)) is not None:
        return refusal
    if roster.is_reopened and duty.start <= (now or timezone.now()):
        return started_refusal(duty.start)
    return None


def roster_problems(roster, since: dt.datetime | None = None) -> list[str]:
    """Every hour of the month (from `since`, when given) under-staffed, and every
    person on duty twice at once."""
    rules = rules_for(roster.room)
    start, end = month_bounds(roster.month)
    if since is not None:
        start = min(max(start, since), end)
    duties = _duties(roster)
    problems = [
        _("%(start)s–%(end)s: %(on)s on duty, %(min)s needed") % {
            "start": local_text(a), "end": local_text(b), "on": on, "min": rules.min_staff}
        for a, b, on in rostering.understaffed(duties, start, end, rules.min_staff)]
    names = {u.pk: person_name(u) for u in get_user_model().objects.filter(
        pk__in={d.person for d in duties}).select_related("staff")}
    problems += [
        _("%(person)s is on duty twice at %(start)s") % {
            "person": names[b.person], "start": local_text(b.start)}
        for _a, b in rostering.overlaps(duties) if since is None or b.end > start]
    return problems


def problems_to_publish(roster, now: dt.datetime | None = None) -> list[str]:
    """What stops publishing: the whole month for a draft; for a reopened roster the rest
    of the month, since what has passed can no longer change."""
    return roster_problems(roster, since=(now or timezone.now()) if roster.is_reopened
                           else None)


EDIT = "duty.change_roster"


PUBLISH = "duty.publish_roster"


def published_refusal(roster) -> RuleViolation:
    return RuleViolation("R-DUTY-1", _(
        "The roster of %(month)s is published; reopen it to change it.") % {
        "month": f"{roster.month:%Y-%m}"})


def started_refusal(duty_start: dt.datetime) -> RuleViolation:
    return RuleViolation("R-DUTY-1", _(
        "The duty from %(start)s has started: a reopened roster changes only duties that "
        "have not started yet (the past is not rewritten).") % {"start": local_text(duty_start)},
        status=400)
