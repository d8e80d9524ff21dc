"""R-DUTY-1: the room head reopens a published roster (with a reason, audited), amends
the duties that have not started, and republishes it under the same gap check; the
duties stay in force meanwhile and the past is not rewritten."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.choices import RosterStatus
from watchroom.duty.selectors import roster as rosters
from watchroom.duty.selectors import shifts
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 10, 12, 0, tzinfo=rosters.local_zone())


def events(action):
    return [json.loads(e.data) for model in (AuditEvent, AuditPending)
            for e in model.objects.filter(action=action)]


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


@pytest.fixture
def published(head, make_staff, room, time_machine):
    time_machine.move_to(MONTH - dt.timedelta(days=5), tick=False)
    for _n in range(5):
        make_staff(Role.OPERATOR, rooms=[room])
    roster = services.roster_generate(actor=head, room=room, month=MONTH)
    services.roster_publish(actor=head, roster=roster)
    time_machine.move_to(NOW, tick=False)
    roster.refresh_from_db()
    return roster


def later_duty(roster, after=NOW):
    return roster.assignments.filter(start__gt=after).order_by("start").first()


def test_r_duty_1_a_published_roster_is_amended_by_reopening_and_republishing(head,
                                                                             published):
    duty = later_duty(published)
    with pytest.raises(RuleViolation, match="reopen it"):
        services.duty_remove(actor=head, duty=duty)
    services.roster_reopen(actor=head, roster=published, reason="李强病假")
    published.refresh_from_db()
    assert published.is_reopened and published.status == RosterStatus.PUBLISHED
    assert events("duty.roster_reopened")[0]["reason"] == "李强病假"
    replacement = next(p for p in rosters.operators_of(published.room)
                       if not published.assignments.filter(
                           person=p, start__lt=duty.end, end__gt=duty.start).exists())
    services.duty_remove(actor=head, duty=duty)
    services.duty_add(actor=head, roster=published, person=replacement, start=duty.start,
                      end=duty.end)
    services.roster_publish(actor=head, roster=published)
    published.refresh_from_db()
    assert not published.is_reopened and published.published_at == NOW
    assert events("duty.roster_republished")[0]["duties"] == published.assignments.count()
    with pytest.raises(RuleViolation, match="reopen it"):
        services.duty_remove(actor=head, duty=later_duty(published))


def test_r_duty_1_republishing_checks_the_gaps_as_publishing_does(head, published):
    services.roster_reopen(actor=head, roster=published, reason="调整")
    duty = later_duty(published)
    services.duty_remove(actor=head, duty=duty)
    with pytest.raises(RuleViolation) as refused:
        services.roster_publish(actor=head, roster=published)
    assert refused.value.rule_id == "R-DUTY-1"
    [problem] = refused.value.details["problems"]
    assert problem.startswith(f"{timezone.localtime(duty.start):%Y-%m-%d %H:%M}–")
    published.refresh_from_db()
    assert published.is_reopened and not events("duty.roster_republished")


def test_r_duty_1_reopening_does_not_rewrite_the_past(head, published):
    services.roster_reopen(actor=head, roster=published, reason="调整")
    running = published.assignments.filter(start__lte=NOW, end__gt=NOW).first()
    done = published.assignments.filter(end__lte=NOW).first()
    for duty in (running, done):
        with pytest.raises(RuleViolation, match="has started"):
            services.duty_remove(actor=head, duty=duty)
    with pytest.raises(RuleViolation, match="has started"):
        services.duty_add(actor=head, roster=published, person=running.person,
                          start=NOW - dt.timedelta(days=3), end=NOW - dt.timedelta(days=3)
                          + dt.timedelta(hours=8))
    with pytest.raises(RuleViolation, match="has started"):
        services.roster_generate(actor=head, room=published.room, month=MONTH)
    published.refresh_from_db()
    assert not rosters.may_remove(published, running)
    assert rosters.may_remove(published, later_duty(published))
    # meanwhile the published duties stay in force
    shift = shifts.shift_at(published.room, NOW)
    assert running.person_id in {d.person_id for d in shifts.rostered(published.room, shift)}


def test_r_duty_1_only_the_room_head_reopens_with_a_reason(head, published, make_staff):
    operator = rosters.operators_of(published.room)[0]
    with pytest.raises(RuleViolation) as refused:
        services.roster_reopen(actor=operator, roster=published, reason="x")
    assert refused.value.status == 403
    with pytest.raises(RuleViolation, match="why"):
        services.roster_reopen(actor=head, roster=published, reason="  ")
    services.roster_reopen(actor=head, roster=published, reason="调整")
    with pytest.raises(RuleViolation, match="reopened this roster"):
        services.roster_reopen(actor=head, roster=published, reason="again")
    assert len(events("duty.roster_reopened")) == 1


def test_r_duty_1_a_draft_is_published_not_reopened(head, make_staff, room):
    for _n in range(5):
        make_staff(Role.OPERATOR, rooms=[room])
    roster = services.roster_generate(actor=head, room=room, month=MONTH)
    with pytest.raises(RuleViolation, match="not published"):
        services.roster_reopen(actor=head, roster=roster, reason="x")
