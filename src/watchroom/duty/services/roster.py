"""Rosters (R-DUTY-1): generate a fair rotation from the profile's pattern, edit it by
hand, and publish it only when every hour of the month is staffed.

A published roster is amended by reopening it (the room head, with a reason) and
republishing it, which checks the rest of the month as publishing does. While it is
reopened its duties stay in force, and the past stays as it was: a duty that has
started is neither removed nor added."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.duty import rostering
from watchroom.duty.choices import RosterStatus
from watchroom.duty.models import Assignment, Roster
from watchroom.duty.selectors.roster import (
    EDIT,
    PUBLISH,
    duty_remove_refusal,
    edit_refusal,
    local_zone,
    month_bounds,
    operators_of,
    problems_to_publish,
    published_refusal,
    rules_for,
    started_refusal,
)
from watchroom.rules import RuleViolation
from watchroom.service import service


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
        raise published_refusal(roster)
    return roster


def _editable(actor, roster) -> Roster:
    if not actor.has_perm(EDIT):
        raise RuleViolation("R-DUTY-1", _("You may not edit rosters."), status=403)
    roster = Roster.objects.select_for_update().get(pk=roster.pk)
    if (refusal := edit_refusal(actor, roster)) is not None:
        raise refusal
    return roster


@service
def roster_generate(*, actor, room, month: dt.date) -> Roster:
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
def duty_add(*, actor, roster, person, start: dt.datetime, end: dt.datetime) -> Assignment:
    roster = _editable(actor, roster)
    if end <= start:
        raise RuleViolation("R-DUTY-1", _("A duty must end after it starts."), status=400)
    if roster.is_reopened and start <= timezone.now():
        raise started_refusal(start)
    clash = roster.assignments.filter(person=person, start__lt=end, end__gt=start).first()
    if clash is None:
        clash = Assignment.objects.filter(person=person, start__lt=end, end__gt=start).exclude(
            roster=roster).first()
    if clash is not None:
        raise RuleViolation("R-DUTY-1", _(
            "%(person)s is already on duty %(start)s–%(end)s.") % {
            "person": person_name(person), "start": local_text(clash.start),
            "end": local_text(clash.end)},
            status=400)
    duty = Assignment.objects.create(roster=roster, person=person, start=start, end=end)
    audit_record(actor=actor, action="duty.duty_added", target=roster, data={
        "person": person.get_username(), "start": local_text(start), "end": local_text(end)})
    return duty


@service
def duty_remove(*, actor, duty: Assignment) -> None:
    roster = _editable(actor, duty.roster)
    if (refusal := duty_remove_refusal(actor, roster, duty)) is not None:
        raise refusal
    audit_record(actor=actor, action="duty.duty_removed", target=roster, data={
        "person": duty.person.get_username(), "start": local_text(duty.start),
        "end": local_text(duty.end)})
    duty.delete()


@service
def roster_reopen(*, actor, roster, reason: str) -> Roster:
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
            "person": person_name(roster.reopened_by), "when": local_text(roster.reopened_at)},
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
def roster_publish(*, actor, roster) -> Roster:
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
