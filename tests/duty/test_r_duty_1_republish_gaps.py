"""R-DUTY-1: republishing a reopened roster checks the rest of the month exactly as
publishing checks the whole of it: for any duties and any moment, the hours the check
from that moment finds under-staffed are the whole month's under-staffed hours from
then on, each with the same number on duty."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from watchroom.duty import rostering

START = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
HOURS = 72
END = START + dt.timedelta(hours=HOURS)


def hour(n: int) -> dt.datetime:
    return START + dt.timedelta(hours=n)


duties = st.lists(st.builds(
    lambda a, length, person: rostering.Duty(hour(a), hour(a + length), person),
    st.integers(-10, HOURS), st.integers(1, 16), st.integers(1, 4)), max_size=20)


def hours_short(periods, since: int) -> dict[int, bool]:
    """Each hour from `since` that some period reports under-staffed."""
    return {n: True for n in range(since, HOURS) for a, b, _on in periods
            if a <= hour(n) < b}


def on_duty(all_duties, n: int) -> int:
    return sum(1 for d in all_duties if d.start <= hour(n) < d.end)


@settings(max_examples=300, deadline=None)
@given(duties, st.integers(0, HOURS), st.integers(1, 3))
def test_r_duty_1_the_check_from_a_moment_is_the_months_check_from_then_on(all_duties, since,
                                                                           minimum):
    whole = rostering.understaffed(all_duties, START, END, minimum)
    rest = rostering.understaffed(all_duties, hour(since), END, minimum)
    assert hours_short(rest, since) == hours_short(whole, since)
    assert all(a >= hour(since) for a, _b, _on in rest), "nothing before the moment"
    assert set(hours_short(rest, since)) == {n for n in range(since, HOURS)
                                             if on_duty(all_duties, n) < minimum}
    for a, b, lowest in rest:
        assert lowest == min(on_duty(all_duties, n) for n in range(HOURS)
                             if a <= hour(n) < b)
