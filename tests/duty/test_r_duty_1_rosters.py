"""R-DUTY-1: a room's roster is generated from the profile, edited by hand, and published
only when every hour of the month is staffed."""

import datetime as dt

import pytest
from django.utils import timezone

from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.choices import RosterStatus
from watchroom.duty.models import Assignment
from watchroom.duty.selectors import roster as rosters
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 12, 1)


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


@pytest.fixture
def operators(make_staff, room):
    return [make_staff(Role.OPERATOR, rooms=[room]).user for _ in range(5)]


def test_r_duty_1_a_generated_roster_covers_the_month_and_publishes(head, operators, room):
    roster = services.roster_generate(actor=head, room=room, month=MONTH)
    duties = list(roster.assignments.all())
    assert len(duties) == 31 * 3 * 2  # 3 shifts a day, 2 on each (the profile's minimum)
    assert {d.person for d in duties} == set(operators)
    assert rosters.roster_problems(roster) == []
    services.roster_publish(actor=head, roster=roster)
    roster.refresh_from_db()
    assert roster.status == RosterStatus.PUBLISHED
    with pytest.raises(RuleViolation, match="published"):
        services.roster_generate(actor=head, room=room, month=MONTH)


def test_r_duty_1_too_few_operators_is_refused_with_the_reason(head, make_staff, room):
    for _ in range(3):
        make_staff(Role.OPERATOR, rooms=[room])
    with pytest.raises(RuleViolation) as refused:
        services.roster_generate(actor=head, room=room, month=MONTH)
    assert refused.value.rule_id == "R-DUTY-1"
    assert "at least 4 people are needed, and 3 can be rostered" in str(refused.value)
    assert not Assignment.objects.exists()


def test_r_duty_1_an_understaffed_roster_is_not_published_and_the_hours_are_named(
        head, operators, room):
    roster = services.roster_generate(actor=head, room=room, month=MONTH)
    duty = roster.assignments.order_by("start").filter(start__day=3).first()
    services.duty_remove(actor=head, duty=duty)
    with pytest.raises(RuleViolation) as refused:
        services.roster_publish(actor=head, roster=roster)
    problems = refused.value.details["problems"]
    assert len(problems) == 1
    local = timezone.localtime(duty.start)
    assert problems[0].startswith(f"{local:%Y-%m-%d %H:%M}–")
    assert "1 on duty, 2 needed" in problems[0]
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT


def test_r_duty_1_one_person_cannot_be_on_duty_twice_at_once(head, operators, room):
    roster = services.roster_generate(actor=head, room=room, month=MONTH)
    duty = roster.assignments.order_by("start").first()
    with pytest.raises(RuleViolation) as refused:
        services.duty_add(actor=head, roster=roster, person=duty.person,
                          start=duty.start + dt.timedelta(hours=2),
                          end=duty.end + dt.timedelta(hours=2))
    assert "already on duty" in str(refused.value)
    assert roster.assignments.count() == 31 * 3 * 2


def test_r_duty_1_operators_may_not_edit_or_publish(operators, head, room):
    with pytest.raises(RuleViolation) as refused:
        services.roster_generate(actor=operators[0], room=room, month=MONTH)
    assert refused.value.status == 403
    roster = services.roster_generate(actor=head, room=room, month=MONTH)
    with pytest.raises(RuleViolation):
        services.roster_publish(actor=operators[0], roster=roster)
