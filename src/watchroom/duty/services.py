"""Rosters (R-DUTY-1): generate a fair rotation from the profile's pattern, edit it by
hand, and publish it only when every hour of the month is staffed."""

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


def _draft(actor, room, month) -> Roster:
    roster, _created = Roster.objects.select_for_update().get_or_create(
        room=room, month=month.replace(day=1),
        defaults={"created_by": actor, "created_at": timezone.now()})
    if roster.status != RosterStatus.DRAFT:
        raise RuleViolation("R-DUTY-1", _(
            "The roster of %(month)s is published; reopen it to change it.") % {
            "month": f"{roster.month:%Y-%m}"})
    return roster


def _editable(actor, roster) -> Roster:
    if not actor.has_perm(EDIT):
        raise RuleViolation("R-DUTY-1", _("You may not edit rosters."), status=403)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if roster.status != RosterStatus.DRAFT:
        raise RuleViolation("R-DUTY-1", _(
            "The roster of %(month)s is published; reopen it to change it.") % {
            "month": f"{roster.month:%Y-%m}"})
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
    clash = roster.assignments.filter(person=person, start__lt=end, end__gt=start).first()
    if clash is None:
        clash = Assignment.objects.filter(person=person, start__lt=end, end__gt=start).exclude(
            roster=roster).first()
    if clash is not None:
        raise RuleViolation("R-DUTY-1", _(
            "%(person)s is already on duty %(start)s–%(end)s.") % {
            "person": person_name(person), "start": _local(clash.start), "end": _local(clash.end)},
            status=400)
    duty = Assignment.objects.create(roster=roster, person=person, start=start, end=end)
    audit_record(actor=actor, action="duty.duty_added", target=roster, data={
        "person": person.get_username(), "start": _local(start), "end": _local(end)})
    return duty


@service
def remove_duty(*, actor, duty: Assignment) -> None:
    roster = _editable(actor, duty.roster)
    audit_record(actor=actor, action="duty.duty_removed", target=roster, data={
        "person": duty.person.get_username(), "start": _local(duty.start),
        "end": _local(duty.end)})
    duty.delete()


def roster_problems(roster) -> list[str]:
    """Every hour of the month under-staffed, and every person on duty twice at once."""
    rules = rules_for(roster.room)
    start, end = month_bounds(roster.month)
    duties = _duties(roster)
    problems = [
        _("%(start)s–%(end)s: %(on)s on duty, %(min)s needed") % {
            "start": _local(a), "end": _local(b), "on": on, "min": rules.min_staff}
        for a, b, on in rostering.understaffed(duties, start, end, rules.min_staff)]
    names = {u.pk: person_name(u) for u in get_user_model().objects.select_related("staff").filter(
        pk__in={d.person for d in duties})}
    problems += [
        _("%(person)s is on duty twice at %(start)s") % {
            "person": names[b.person], "start": _local(b.start)}
        for _a, b in rostering.overlaps(duties)]
    return problems


@service
def publish_roster(*, actor, roster) -> Roster:
    """R-DUTY-1: a roster that leaves any period uncovered or under-staffed is not
    published; the refusal names each period."""
    if not actor.has_perm(PUBLISH):
        raise RuleViolation("R-DUTY-1", _("You may not publish rosters."), status=403)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if roster.status == RosterStatus.PUBLISHED:
        raise RuleViolation("R-DUTY-1", _("This roster is already published."))
    problems = roster_problems(roster)
    if problems:
        raise RuleViolation("R-DUTY-1", _("The roster cannot be published: %(problems)s.") % {
            "problems": "; ".join(problems)}, status=400, problems=problems)
    roster.status = RosterStatus.PUBLISHED
    roster.published_by = actor
    roster.published_at = timezone.now()
    roster.save(update_fields=["status", "published_by", "published_at"])
    audit_record(actor=actor, action="duty.roster_published", target=roster, data={
        "room": roster.room.code, "month": f"{roster.month:%Y-%m}",
        "duties": roster.assignments.count()})
    return roster
