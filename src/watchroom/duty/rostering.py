"""Rosters as time (R-DUTY-1): the shifts a pattern makes, a fair rotation that meets
the staffing and rest rules, and the periods a roster leaves uncovered.

Pure functions over datetimes and person ids; the services store and audit them.
"""

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True, order=True)
class Shift:
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, order=True)
class Duty:
    start: dt.datetime
    end: dt.datetime
    person: int


@dataclass(frozen=True)
class Rules:
    starts: tuple[dt.time, ...]  # the pattern: when shifts start each day
    hours: int  # each shift's length
    min_staff: int
    rest_hours: int = 8  # at least this long off between two shifts of one person
    allow_double: bool = False  # may one person work two shifts back to back


@dataclass
class Plan:
    duties: list[Duty] = field(default_factory=list)
    problem: str = ""  # why no roster exists; empty when `duties` is one

    @property
    def ok(self) -> bool:
        return not self.problem


def parse_starts(text: str) -> tuple[dt.time, ...]:
    return tuple(sorted(dt.time.fromisoformat(p.strip()) for p in text.split(",") if p.strip()))


def shifts(rules: Rules, first: dt.date, last: dt.date, tz: dt.tzinfo) -> list[Shift]:
    """Every shift starting on the days first … last, in time order."""
    out = []
    day = first
    while day <= last:
        for start in rules.starts:
            begin = dt.datetime.combine(day, start, tz)
            out.append(Shift(begin, begin + rules.hours * HOUR))
        day += dt.timedelta(days=1)
    return sorted(out)


def pattern_gaps(rules: Rules) -> list[tuple[dt.time, dt.time]]:
    """Times of day no shift of the pattern covers (a pattern must cover 24 hours)."""
    minutes = [False] * (24 * 60)
    for start in rules.starts:
        first = start.hour * 60 + start.minute
        for m in range(first, first + rules.hours * 60):
            minutes[m % (24 * 60)] = True
    gaps, begin = [], None
    for m, covered in enumerate([*minutes, True]):
        if not covered and begin is None:
            begin = m
        elif covered and begin is not None:
            gaps.append((dt.time(begin // 60, begin % 60),
                         dt.time((m // 60) % 24, m % 60)))
            begin = None
    return gaps


def rest_after(rules: Rules) -> dt.timedelta:
    """The least time between one person's shifts: the rest rule, and no back-to-back
    shifts unless the profile allows doubles."""
    rest = rules.rest_hours * HOUR
    if not rules.allow_double:
        rest = max(rest, dt.timedelta(minutes=1))
    return rest


def needed_people(rules: Rules) -> int:
    """For back-to-back shifts of equal length: each shift needs min_staff people who
    worked none of the shifts the rest rule blocks, so a rotation needs this many."""
    rest = rest_after(rules)
    blocked = math.ceil(rest / (rules.hours * HOUR)) if rest else 0
    return (blocked + 1) * rules.min_staff


def rotate(rules: Rules, people: Sequence[int], slots: Iterable[Shift],
           history: Iterable[Duty] = ()) -> Plan:
    """Assign min_staff people to each shift in time order: among those rested, the one
    with the fewest hours so far (then the longest rested, then the lowest id). This
    meets every rule whenever enough people exist for the pattern; if a shift finds too
    few rested people the plan names it and why."""
    if rules.min_staff < 1:
        return Plan(problem=_("each shift needs at least one person"))
    gaps = pattern_gaps(rules)
    if gaps:
        where = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in gaps)
        return Plan(problem=_("the shift pattern leaves %(where)s uncovered every day") % {
            "where": where})
    if len(people) < rules.min_staff:
        return Plan(problem=_("%(min)s per shift are needed and only %(n)s can be "
                              "rostered") % {"min": rules.min_staff, "n": len(people)})
    rest = rest_after(rules)
    free_from = {p: dt.datetime.min.replace(tzinfo=dt.UTC) for p in people}
    worked = dict.fromkeys(people, dt.timedelta(0))
    for duty in history:
        if duty.person in free_from:
            free_from[duty.person] = max(free_from[duty.person], duty.end + rest)
    plan = Plan()
    for slot in slots:
        rested = [p for p in people if free_from[p] <= slot.start]
        if len(rested) < rules.min_staff:
            short = rules.min_staff - len(rested)
            plan.duties = []
            plan.problem = _(
                "the shift %(start)s–%(end)s lacks %(short)s rested person(s): with "
                "%(min)s per shift and %(rest)s h off between shifts, at least %(needed)s "
                "people are needed, and %(n)s can be rostered") % {
                "start": f"{slot.start:%Y-%m-%d %H:%M}", "end": f"{slot.end:%H:%M}",
                "short": short, "min": rules.min_staff,
                "rest": f"{rest_after(rules) / HOUR:.0f}", "needed": needed_people(rules),
                "n": len(people)}
            return plan
        chosen = sorted(rested, key=lambda p: (worked[p], free_from[p], p))[:rules.min_staff]
        for person in chosen:
            plan.duties.append(Duty(slot.start, slot.end, person))
            worked[person] += slot.end - slot.start
            free_from[person] = slot.end + rest
    return plan


def overlaps(duties: Iterable[Duty]) -> list[tuple[Duty, Duty]]:
    """Pairs of one person's duties that overlap in time."""
    found = []
    last: dict[int, Duty] = {}
    for duty in sorted(duties, key=lambda d: (d.person, d.start)):
        previous = last.get(duty.person)
        if previous is not None and duty.start < previous.end:
            found.append((previous, duty))
        if previous is None or duty.end > previous.end:
            last[duty.person] = duty
    return found


def too_little_rest(duties: Iterable[Duty], rules: Rules) -> list[tuple[Duty, Duty]]:
    rest = rest_after(rules)
    found = []
    by_person: dict[int, list[Duty]] = {}
    for duty in duties:
        by_person.setdefault(duty.person, []).append(duty)
    for own in by_person.values():
        own.sort()
        for a, b in itertools.pairwise(own):
            if a.end <= b.start < a.end + rest:
                found.append((a, b))
    return found


def understaffed(duties: Iterable[Duty], start: dt.datetime, end: dt.datetime,
                 min_staff: int) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """Periods within [start, end) with fewer than min_staff on duty, merged, with the
    lowest number on duty in each."""
    events: dict[dt.datetime, int] = {start: 0, end: 0}
    for duty in duties:
        a, b = max(duty.start, start), min(duty.end, end)
        if a < b:
            events[a] = events.get(a, 0) + 1
            events[b] = events.get(b, 0) - 1
    periods: list[tuple[dt.datetime, dt.datetime, int]] = []
    on_duty = 0
    times = sorted(events)
    for a, b in itertools.pairwise(times):
        on_duty += events[a]
        if a >= end:
            break
        if on_duty < min_staff:
            if periods and periods[-1][1] == a:
                first, _b, lowest = periods[-1]
                periods[-1] = (first, b, min(lowest, on_duty))
            else:
                periods.append((a, b, on_duty))
    return periods
