"""R-SEC-1: the duty pages name people by their names, not their user names: the
clock-on message, the desk's pre-shift check, the roster's person list."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.duty import DAY, at
from watchroom.duty.models import Attendance, ShiftCheck

pytestmark = pytest.mark.django_db


def test_r_duty_2_clock_on_message_names_the_person(client, room_shifts, clock):
    clock(7, 44)
    person = room_shifts.day[0]
    client.force_login(person)
    response = client.post(reverse("duty:clock", args=[room_shifts.room.pk, "on"]),
                           {"username": person.username, "password": PASSWORD}, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert f"{person.staff.full_name} clocked on at" in said
    assert person.username not in said
    # and so does the record the audit trail names as the target
    assert str(Attendance.objects.get(person=person)).startswith(person.staff.full_name)


def test_r_duty_5_desk_names_who_did_the_pre_shift_check(client, room_shifts, clock):
    clock(8, 10)
    checker = room_shifts.day[0]
    ShiftCheck.objects.create(room=room_shifts.room, shift_start=room_shifts.roster.assignments
                              .filter(person=checker).get().start,
                              checked_by=checker, checked_at=at(8, 5), ok=True)
    client.force_login(room_shifts.lead)
    html = client.get(reverse("duty:desk", args=[room_shifts.room.pk])).content.decode()
    assert checker.staff.full_name in html
    assert f">{checker.username} " not in html


def test_roster_week_lists_people_by_name(client, room_shifts):
    client.force_login(room_shifts.lead)
    url = reverse("duty:week", args=[room_shifts.room.pk, DAY.year, DAY.month, DAY.day])
    html = client.get(url).content.decode()
    for person in (*room_shifts.night, *room_shifts.day):
        assert f">{person.staff.full_name}<" in html
        assert f">{person.username}<" not in html

