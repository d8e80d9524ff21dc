"""What the duty tests share: the test day in Beijing time, a room with a night and a
day shift on its published roster, and a handover signed by the night shift. The
fixtures that use them are in tests/duty/conftest.py."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tests.conftest import PASSWORD
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.choices import RosterStatus
from watchroom.duty.models import Assignment, Roster

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



def sign(shift, **changes):
    data = {"actor": shift.night[0], "room": shift.room, "password": PASSWORD,
            "hygiene": "clean", "continuing": "三号门继续关注", **changes}
    return services.handover_sign(**data)


def db_refuses(statement, params=None):
    """Run SQL that a signed-records trigger (R-HAND-5, R-DUTY-4) must refuse."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(statement, params)
    assert "R-HAND-5" in str(caught.value) or "R-DUTY-4" in str(caught.value)


def marked_text(page: str, name: str) -> str:
    """The text of the element marked data-testid=name (tags dropped)."""

    found = re.search(rf'data-testid="{name}"[^>]*>(.*?)</(p|div|table)>', page, re.S)
    assert found, name
    return re.sub(r"<[^>]+>", " ", found.group(1))


def handed_over_at_7_52(s, clock):
    """The night shift on duty, the day shift arrived and checked; handed over early."""
    from watchroom.duty.models import ShiftCheck

    clock(0, 0)
    for person in s.night:
        services.attendance_clock_on(actor=person, room=s.room)
    clock(7, 40)
    for person in s.day:
        services.attendance_clock_on(actor=person, room=s.room)
    clock(7, 46)
    ShiftCheck.objects.create(room=s.room, shift_start=at(8), checked_by=s.day[0],
                              checked_at=at(7, 46), ok=True)
    clock(7, 50)
    signed = services.handover_sign(actor=s.night[0], room=s.room, password=PASSWORD,
                               hygiene="clean")
    clock(7, 52)
    services.handover_accept(actor=s.day[0], handover=signed, password=PASSWORD)
