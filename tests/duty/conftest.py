import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English source text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


import datetime as dt  # noqa: E402
import zoneinfo  # noqa: E402

from django.utils import timezone  # noqa: E402

from watchroom.core.choices import Role  # noqa: E402
from watchroom.duty.models import Assignment, Roster, RosterStatus  # noqa: E402

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    """A moment of the test day, Beijing time."""
    return dt.datetime.combine(day, dt.time(hour, minute), BEIJING)


class Shifts:
    """A room whose published roster puts `night` on 00:00–08:00 and `day` on
    08:00–16:00 of the test day (the hospital profile: arrive 15 minutes early,
    5 minutes' grace)."""

    def __init__(self, room, make_staff, lead, day: dt.date = DAY):
        self.room = room
        self.night = [make_staff(Role.OPERATOR, rooms=[room]).user for _ in range(2)]
        self.day = [make_staff(Role.OPERATOR, rooms=[room]).user for _ in range(2)]
        self.spare = make_staff(Role.OPERATOR, rooms=[room]).user
        self.lead = lead
        self.roster = Roster.objects.create(
            room=room, month=day.replace(day=1), status=RosterStatus.PUBLISHED,
            created_by=lead, created_at=timezone.now(), published_by=lead,
            published_at=timezone.now())
        for people, start in ((self.night, at(0, day=day)), (self.day, at(8, day=day))):
            for person in people:
                Assignment.objects.create(roster=self.roster, person=person, start=start,
                                          end=start + dt.timedelta(hours=8))


@pytest.fixture
def room_shifts(room, make_staff):
    lead = make_staff(Role.SHIFT_LEAD, rooms=[room]).user
    return Shifts(room, make_staff, lead)


@pytest.fixture
def clock(time_machine):
    """clock(hour, minute) sets the time to that moment of the test day, standing still."""

    def move(hour: int, minute: int = 0, second: int = 0):
        time_machine.move_to(at(hour, minute) + dt.timedelta(seconds=second), tick=False)

    return move
