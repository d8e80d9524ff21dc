"""R-DUTY-1: the rotation generator, for any number of people and rules, gives either a
roster that meets every rule or the reason none exists."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from watchroom.duty import rostering

TZ = dt.timezone(dt.timedelta(hours=8))
PATTERNS = {  # back-to-back shifts covering the day
    24: ("08:00",), 12: ("08:00", "20:00"), 8: ("00:00", "08:00", "16:00"),
    6: ("00:00", "06:00", "12:00", "18:00"),
}


@st.composite
def cases(draw):
    hours = draw(st.sampled_from(sorted(PATTERNS)))
    rules = rostering.Rules(
        starts=rostering.parse_starts(",".join(PATTERNS[hours])), hours=hours,
        min_staff=draw(st.integers(1, 4)), rest_hours=draw(st.sampled_from([0, hours // 2,
                                                                            hours, 2 * hours])),
        allow_double=draw(st.booleans()))
    people = list(range(1, draw(st.integers(0, 16)) + 1))
    days = draw(st.integers(1, 31))
    return rules, people, days


@settings(max_examples=300, deadline=None)
@given(cases())
def test_r_duty_1_a_rotation_meets_every_rule_or_says_why_none_exists(case):
    rules, people, days = case
    first = dt.date(2026, 12, 1)
    slots = rostering.shifts(rules, first, first + dt.timedelta(days=days - 1), TZ)
    plan = rostering.rotate(rules, people, slots)
    enough = len(people) >= rostering.needed_people(rules)
    if not plan.ok:
        assert plan.problem
        assert not plan.duties
        # none exists: in any run of blocked + 1 consecutive shifts every person counts
        # once, and there are fewer people than that needs
        assert not enough or len(slots) == 0
        return
    window = rostering.needed_people(rules) // rules.min_staff  # shifts that must differ
    assert enough or len(slots) < window  # a roster of too few people would be wrong
    start, end = slots[0].start, slots[-1].end
    assert rostering.understaffed(plan.duties, start, end, rules.min_staff) == []
    assert all(sum(1 for d in plan.duties if (d.start, d.end) == (s.start, s.end))
               == rules.min_staff for s in slots)
    assert rostering.overlaps(plan.duties) == []
    assert rostering.too_little_rest(plan.duties, rules) == []
    hours = {p: 0 for p in people}
    for duty in plan.duties:
        hours[duty.person] += rules.hours
    if enough and len(slots) * rules.min_staff >= len(people):
        assert max(hours.values()) - min(hours.values()) <= rules.hours  # fair: one shift


def test_r_duty_1_a_pattern_with_a_hole_is_named():
    rules = rostering.Rules(starts=rostering.parse_starts("08:00,16:00"), hours=8, min_staff=1)
    plan = rostering.rotate(rules, [1, 2, 3], [])
    assert plan.problem == "the shift pattern leaves 00:00–08:00 uncovered every day"


def test_r_duty_1_too_few_people_is_explained_with_the_number_needed():
    rules = rostering.Rules(starts=rostering.parse_starts("00:00,08:00,16:00"), hours=8,
                            min_staff=2, rest_hours=8)
    first = dt.date(2026, 12, 1)
    plan = rostering.rotate(rules, [1, 2, 3], rostering.shifts(rules, first, first, TZ))
    assert "at least 4 people are needed, and 3 can be rostered" in plan.problem


def test_r_duty_1_understaffed_periods_are_merged_with_the_lowest_count():
    t = dt.datetime(2026, 12, 1, tzinfo=TZ)
    h = dt.timedelta(hours=1)
    duties = [rostering.Duty(t, t + 8 * h, 1), rostering.Duty(t, t + 4 * h, 2),
              rostering.Duty(t + 16 * h, t + 24 * h, 1), rostering.Duty(t + 16 * h, t + 24 * h, 2)]
    assert rostering.understaffed(duties, t, t + 24 * h, 2) == [(t + 4 * h, t + 16 * h, 0)]
