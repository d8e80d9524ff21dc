"""R-DUTY-3: leaving the post or swapping needs a substitute on site who confirms and
the room head's approval; every absence is recorded with start, end and substitute."""

import pytest

from tests.support.duty import at
from watchroom.duty import services
from watchroom.duty.choices import AbsenceStatus
from watchroom.duty.models import Assignment, PostAbsence
from watchroom.duty.selectors import shifts
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_shift(room_shifts, clock):
    clock(7, 40)
    for person in [*room_shifts.day, room_shifts.lead]:
        services.attendance_clock_on(actor=person, room=room_shifts.room)
    return room_shifts


def test_r_duty_3_leaving_the_post_confirmed_approved_and_ended(day_shift, clock):
    s = day_shift
    clock(10, 0)
    services.attendance_clock_on(actor=s.spare, room=s.room)
    asked = services.absence_request(actor=s.day[0], room=s.room, kind="leave",
                                     substitute=s.spare, reason="去医务室", minutes=20)
    with pytest.raises(RuleViolation) as refused:
        services.absence_decide(actor=s.lead, absence=asked, approve=True)
    assert refused.value.rule_id == "R-DUTY-3"  # the substitute has not confirmed
    with pytest.raises(RuleViolation, match="substitute"):
        services.absence_confirm(actor=s.day[1], absence=asked)
    services.absence_confirm(actor=s.spare, absence=asked)
    with pytest.raises(RuleViolation) as refused:
        services.absence_decide(actor=s.day[1], absence=asked, approve=True)
    assert refused.value.status == 403  # an operator is not the room head
    clock(10, 5)
    approved = services.absence_decide(actor=s.lead, absence=asked, approve=True)
    assert approved.status == AbsenceStatus.APPROVED and approved.started_at == at(10, 5)
    clock(10, 31)
    ended = services.absence_end(actor=s.day[0], absence=approved)
    assert (ended.started_at, ended.ended_at) == (at(10, 5), at(10, 31))
    assert ended.substitute == s.spare


def test_r_duty_3_a_substitute_off_site_is_refused(day_shift, clock):
    s = day_shift
    clock(10, 0)
    with pytest.raises(RuleViolation) as refused:
        services.absence_request(actor=s.day[0], room=s.room, kind="swap",
                                 substitute=s.spare, reason="家中有事")
    assert refused.value.rule_id == "R-DUTY-3" and "not on site" in str(refused.value)
    assert not PostAbsence.objects.exists()


def test_r_duty_3_the_substitute_must_still_be_there_when_approved(day_shift, clock):
    s = day_shift
    clock(10, 0)
    services.attendance_clock_on(actor=s.spare, room=s.room)
    asked = services.absence_request(actor=s.day[0], room=s.room, kind="leave",
                                     substitute=s.spare, reason="取药")
    services.absence_confirm(actor=s.spare, absence=asked)
    services.attendance_clock_off(actor=s.spare, room=s.room)
    with pytest.raises(RuleViolation, match="not on site"):
        services.absence_decide(actor=s.lead, absence=asked, approve=True)
    asked.refresh_from_db()
    assert asked.status == AbsenceStatus.CONFIRMED


def test_r_duty_3_an_approved_swap_hands_the_rest_of_the_duty_over(day_shift, clock):
    s = day_shift
    clock(11, 0)
    services.attendance_clock_on(actor=s.spare, room=s.room)
    # before the swap, the day shift is responsible and cannot clock off
    clock(11, 58)
    with pytest.raises(RuleViolation):
        services.attendance_clock_off(actor=s.day[0], room=s.room)
    asked = services.absence_request(actor=s.day[0], room=s.room, kind="swap",
                                     substitute=s.spare, reason="家中急事")
    services.absence_confirm(actor=s.spare, absence=asked)
    clock(12, 0)
    swap = services.absence_decide(actor=s.lead, absence=asked, approve=True)
    assert (swap.started_at, swap.ended_at) == (at(12), at(16))
    duties = {a.person_id: (a.start, a.end) for a in Assignment.objects.filter(
        start__gte=at(8), end__lte=at(16))}
    assert duties[s.day[0].pk] == (at(8), at(12))
    assert duties[s.spare.pk] == (at(12), at(16))
    team = shifts.responsible(s.room).team
    assert s.spare.pk in team and s.day[0].pk not in team
    record = services.attendance_clock_off(actor=s.day[0], room=s.room)
    assert record.early_minutes == 0  # the duty now ends at the swap


def test_r_duty_3_a_rejection_says_why(day_shift, clock):
    s = day_shift
    clock(10, 0)
    services.attendance_clock_on(actor=s.spare, room=s.room)
    asked = services.absence_request(actor=s.day[0], room=s.room, kind="leave",
                                     substitute=s.spare, reason="抽烟")
    services.absence_confirm(actor=s.spare, absence=asked)
    with pytest.raises(RuleViolation, match="why"):
        services.absence_decide(actor=s.lead, absence=asked, approve=False)
    rejected = services.absence_decide(actor=s.lead, absence=asked, approve=False,
                                       note="值班期间不得离岗吸烟")
    assert rejected.status == AbsenceStatus.REJECTED and rejected.started_at is None


def test_r_duty_3_only_someone_on_duty_asks(day_shift, clock):
    s = day_shift
    clock(10, 0)
    services.attendance_clock_on(actor=s.spare, room=s.room)
    with pytest.raises(RuleViolation, match="yourself"):
        services.absence_request(actor=s.day[0], room=s.room, kind="leave",
                                 substitute=s.day[0], reason="x")
    with pytest.raises(RuleViolation, match="reason"):
        services.absence_request(actor=s.day[0], room=s.room, kind="leave",
                                 substitute=s.spare, reason=" ")
    assert not PostAbsence.objects.exists()


def test_r_duty_3_a_swap_approved_before_the_duty_starts_gives_the_whole_duty(room_shifts,
                                                                             clock):
    s = room_shifts
    clock(7, 40)
    for person in [s.day[0], s.spare, s.lead]:
        services.attendance_clock_on(actor=person, room=s.room)
    asked = services.absence_request(actor=s.day[0], room=s.room, kind="swap",
                                     substitute=s.spare, reason="孩子发烧")
    services.absence_confirm(actor=s.spare, absence=asked)
    clock(7, 50)
    swap = services.absence_decide(actor=s.lead, absence=asked, approve=True)
    assert swap.ended_at == at(16)
    day_duties = Assignment.objects.filter(start=at(8))
    assert {a.person_id for a in day_duties} == {s.spare.pk, s.day[1].pk}
