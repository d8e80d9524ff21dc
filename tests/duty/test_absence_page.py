"""Leaving the post on its page: the substitute confirms with their own password and the
room head approves (R-DUTY-3)."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from watchroom.duty import services
from watchroom.duty.choices import AbsenceStatus
from watchroom.duty.models import PostAbsence

pytestmark = pytest.mark.django_db


def test_r_duty_3_the_substitute_confirms_with_their_password_and_the_head_approves(
        client, room_shifts, clock):
    s = room_shifts
    clock(10, 0)
    for person in [s.day[0], s.spare]:
        services.attendance_clock_on(actor=person, room=s.room)
    client.force_login(s.day[0])
    url = reverse("duty:absences", args=[s.room.pk])
    client.post(url, {"kind": "leave", "substitute": s.spare.username, "reason": "取药",
                      "minutes": "15"})
    asked = PostAbsence.objects.get()
    confirm = reverse("duty:absence_act", args=[asked.pk, "confirm"])
    client.post(confirm, {"username": s.spare.username, "password": "x"})
    assert PostAbsence.objects.get().status == AbsenceStatus.REQUESTED
    client.post(confirm, {"username": s.spare.username, "password": PASSWORD})
    assert PostAbsence.objects.get().status == AbsenceStatus.CONFIRMED
    client.force_login(s.lead)
    client.post(reverse("duty:absence_act", args=[asked.pk, "approve"]))
    assert PostAbsence.objects.get().status == AbsenceStatus.APPROVED
