import datetime as dt

import pytest
from django.utils import translation

from tests.conftest import PASSWORD
from tests.support.duty import Shifts, at, sign
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import InventoryItem


@pytest.fixture(autouse=True)
def _english(client):
    """Assertions read the English source text, whatever the catalogue holds: in the
    code, and on the pages the test client asks for."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


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


@pytest.fixture
def on_duty(room_shifts, clock):
    """Night shift clocked on at midnight, day shift arrived at 07:40, a log written."""
    clock(0, 0)
    for person in room_shifts.night:
        services.attendance_clock_on(actor=person, room=room_shifts.room)
    clock(3, 15)
    services.log_entry_write(actor=room_shifts.night[0], room=room_shifts.room,
                             category="anomaly", seen="三号门有人徘徊", done="保安到场劝离",
                             told="值班干部")
    services.log_entry_write(actor=room_shifts.night[1], room=room_shifts.room,
                             category="instruction", seen="院办通知：明早九点消防检查")
    clock(7, 40)
    for person in room_shifts.day:
        services.attendance_clock_on(actor=person, room=room_shifts.room)
    InventoryItem.objects.create(room=room_shifts.room, name="钥匙", quantity=3)
    InventoryItem.objects.create(room=room_shifts.room, name="对讲机", quantity=2)
    return room_shifts


@pytest.fixture
def accepted(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    clock(7, 55)
    return services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
