"""Rosters (R-DUTY-1): generate a fair rotation from the profile's pattern, edit it by
hand, and publish it only when every hour of the month is staffed.

A published roster is amended by reopening it (the room head, with a reason) and
republishing it, which checks the rest of the month as publishing does. While it is
reopened its duties stay in force, and the past stays as it was: a duty that has
started is neither removed nor added."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.choices import Role
from watchroom.core.people import person_name
from watchroom.duty import rostering
from watchroom.duty.models import Assignment, Roster, RosterStatus
from watchroom.rules import RuleViolation
from watchroom.service import service

EDIT = "duty.change_roster"
PUBLISH = "duty.publish_roster"


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


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _published(roster) -> RuleViolation:
    return RuleViolation("R-DUTY-1", _(
        "The roster of %(month)s is published; reopen it to change it.") % {
        "month": f"{roster.month:%Y-%m}"})


def _started(duty_start: dt.datetime) -> RuleViolation:
    return RuleViolation("R-DUTY-1", _(
        "The duty from %(start)s has started: a reopened roster changes only duties that "
        "have not started yet (the past is not rewritten).") % {"start": _local(duty_start)},
        status=400)


def is_editable(roster) -> bool:
    """A draft, or a published roster reopened for changes."""
    return roster.status == RosterStatus.DRAFT or roster.is_reopened


def may_remove(roster, duty: Assignment, now: dt.datetime | None = None) -> bool:
    """Whether removing this duty would be allowed (the remove button asks this)."""
    if not is_editable(roster):
        return False
    return not roster.is_reopened or duty.start > (now or timezone.now())


def _draft(actor, room, month) -> Roster:
    roster, _created = Roster.objects.select_for_update().get_or_create(
        room=room, month=month.replace(day=1),
        defaults={"created_by": actor, "created_at": timezone.now()})
    if roster.is_reopened:
        start, _end = month_bounds(roster.month)
        if start <= timezone.now():
            raise RuleViolation("R-DUTY-1", _(
                "The roster of %(month)s has started: generating would replace duties "
                "that have started. Change it duty by duty.") % {
                "month": f"{roster.month:%Y-%m}"}, status=400)
    elif roster.status != RosterStatus.DRAFT:
        raise _published(roster)
    return roster


def _editable(actor, roster) -> Roster:
    if not actor.has_perm(EDIT):
        raise RuleViolation("R-DUTY-1", _("You may not edit rosters."), status=403)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if not is_editable(roster):
        raise _published(roster)
    return roster


@service
def generate_roster(*, actor, room, month: dt.date) -> Roster:
    """A fair rotation of the room's operators over the month's shifts, replacing the
    draft's duties; if the rules cannot be met, the reason and nothing changed."""
    if not actor.has_perm(EDIT):
        raise RuleViolation("R-DUTY-1", _("You may not edit rosters."), status=403)
    roster = _draft(actor, room, month)
    rules = rules_for(room)
    start, end = month_bounds(roster.month)
    people = [u.pk for u in operators_of(room)]
    history = [rostering.Duty(a.start, a.end, a.person_id) for a in Assignment.objects.filter(
        roster__room=room, roster__status=RosterStatus.PUBLISHED,
        end__gt=start - dt.timedelta(days=2), end__lte=start)]
    slots = rostering.shifts(rules, start.date(), (end - dt.timedelta(days=1)).date(),
                             local_zone())
    plan = rostering.rotate(rules, people, slots, history)
    if not plan.ok:
        raise RuleViolation("R-DUTY-1", _("No roster meets the rules: %(why)s.") % {
            "why": plan.problem}, status=400)
    roster.assignments.all().delete()
    Assignment.objects.bulk_create([Assignment(roster=roster, person_id=d.person,
                                               start=d.start, end=d.end) for d in plan.duties])
    audit_record(actor=actor, action="duty.roster_generated", target=roster, data={
        "room": room.code, "month": f"{roster.month:%Y-%m}", "people": people,
        "duties": len(plan.duties)})
    return roster


@service
def add_duty(*, actor, roster, person, start: dt.datetime, end: dt.datetime) -> Assignment:
    roster = _editable(actor, roster)
    if end <= start:
        raise RuleViolation("R-DUTY-1", _("A duty must end after it starts."), status=400)
    if roster.is_reopened and start <= timezone.now():
        raise _started(start)
    clash = roster.assignments.filter(person=person, start__lt=end, end__gt=start).first()
    if clash is None:
        clash = Assignment.objects.filter(person=person, start__lt=end, end__gt=start).exclude(
            roster=roster).first()
    if clash is not None:
        raise RuleViolation("R-DUTY-1", _(
            "%(person)s is already on duty %(start)s–%(end)s.") % {
            "person": person_name(person), "start": _local(clash.start),
            "end": _local(clash.end)},
            status=400)
    duty = Assignment.objects.create(roster=roster, person=person, start=start, end=end)
    audit_record(actor=actor, action="duty.duty_added", target=roster, data={
        "person": person.get_username(), "start": _local(start), "end": _local(end)})
    return duty


@service
def remove_duty(*, actor, duty: Assignment) -> None:
    roster = _editable(actor, duty.roster)
    if roster.is_reopened and duty.start <= timezone.now():
        raise _started(duty.start)
    audit_record(actor=actor, action="duty.duty_removed", target=roster, data={
        "person": duty.person.get_username(), "start": _local(duty.start),
        "end": _local(duty.end)})
    duty.delete()


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
            "start": _local(a), "end": _local(b), "on": on, "min": rules.min_staff}
        for a, b, on in rostering.understaffed(duties, start, end, rules.min_staff)]
    names = {u.pk: person_name(u) for u in get_user_model().objects.filter(
        pk__in={d.person for d in duties}).select_related("staff")}
    problems += [
        _("%(person)s is on duty twice at %(start)s") % {
            "person": names[b.person], "start": _local(b.start)}
        for _a, b in rostering.overlaps(duties) if since is None or b.end > start]
    return problems


def problems_to_publish(roster, now: dt.datetime | None = None) -> list[str]:
    """What stops publishing: the whole month for a draft; for a reopened roster the rest
    of the month, since what has passed can no longer change."""
    return roster_problems(roster, since=(now or timezone.now()) if roster.is_reopened
                           else None)


@service
def reopen_roster(*, actor, roster, reason: str) -> Roster:
    """R-DUTY-1: the room head reopens a published roster to amend it; the duties stay in
    force until it is republished."""
    if not actor.has_perm(PUBLISH):
        raise RuleViolation("R-DUTY-1", _("Only the room head reopens a published roster."),
                            status=403)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if roster.status != RosterStatus.PUBLISHED:
        raise RuleViolation("R-DUTY-1", _("This roster is not published yet; change it "
                                          "and publish it."), status=400)
    if roster.is_reopened:
        raise RuleViolation("R-DUTY-1", _("%(person)s reopened this roster at %(when)s.") % {
            "person": person_name(roster.reopened_by), "when": _local(roster.reopened_at)},
            status=400)
    reason = (reason or "").strip()[:300]
    if not reason:
        raise RuleViolation("R-DUTY-1", _("Say why the roster is reopened."), status=400)
    roster.reopened_by, roster.reopened_at, roster.reopen_reason = actor, timezone.now(), reason
    roster.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    audit_record(actor=actor, action="duty.roster_reopened", target=roster, data={
        "room": roster.room.code, "month": f"{roster.month:%Y-%m}", "reason": reason,
        "duties": roster.assignments.count()})
    return roster


@service
def publish_roster(*, actor, roster) -> Roster:
    """R-DUTY-1: a roster that leaves any period uncovered or under-staffed is not
    published (nor republished after reopening); the refusal names each period."""
    if not actor.has_perm(PUBLISH):
        raise RuleViolation("R-DUTY-1", _("You may not publish rosters."), status=403)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if roster.status == RosterStatus.PUBLISHED and not roster.is_reopened:
        raise RuleViolation("R-DUTY-1", _("This roster is already published."))
    now = timezone.now()
    problems = problems_to_publish(roster, now)
    if problems:
        raise RuleViolation("R-DUTY-1", _("The roster cannot be published: %(problems)s.") % {
            "problems": "; ".join(problems)}, status=400, problems=problems)
    republished = roster.is_reopened
    data = {"room": roster.room.code, "month": f"{roster.month:%Y-%m}",
            "duties": roster.assignments.count()}
    if republished:
        data["reopened_at"] = roster.reopened_at.isoformat()
    roster.status = RosterStatus.PUBLISHED
    roster.published_by = actor
    roster.published_at = now
    roster.reopened_by, roster.reopened_at, roster.reopen_reason = None, None, ""
    roster.save(update_fields=["status", "published_by", "published_at", "reopened_by",
                               "reopened_at", "reopen_reason"])
    audit_record(actor=actor, action="duty.roster_republished" if republished
                 else "duty.roster_published", target=roster, data=data)
    return roster
