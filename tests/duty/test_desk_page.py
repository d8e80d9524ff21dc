"""The duty desk: clocking on and off in person, the shift on duty and the next, the
check of the shift on duty, the latest log entries with their actions."""


import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.duty import handed_over_at_7_52, marked_text
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty.models import Attendance

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_r_duty_2_clocking_on_needs_the_persons_own_password(client, room_shifts, clock):
    clock(7, 44)
    client.force_login(room_shifts.day[0])
    url = reverse("duty:clock", args=[room_shifts.room.pk, "on"])
    other = room_shifts.day[1].username
    response = client.post(url, {"username": other, "password": "not-it"}, follow=True)
    assert "wrong" in messages_of(response)
    assert not Attendance.objects.exists()
    refused = AuditEvent.objects.get(action="rule.refused")
    assert '"rule":"R-DUTY-2"' in refused.data and refused.actor == other
    response = client.post(url, {"username": other, "password": PASSWORD}, follow=True)
    assert "clocked on" in messages_of(response)
    assert Attendance.objects.get().person == room_shifts.day[1]
    page = client.get(reverse("duty:desk", args=[room_shifts.room.pk]))
    assert page.status_code == 200
    assert room_shifts.day[1].staff.full_name in page.content.decode()


def test_r_hand_5_after_an_early_handover_the_desk_shows_the_shift_on_duty_and_the_next(
        client, room_shifts, clock):
    s = room_shifts
    handed_over_at_7_52(s, clock)
    clock(7, 55)
    client.force_login(s.day[0])
    page = client.get(reverse("duty:desk", args=[s.room.pk])).content.decode()
    assert "03-10 08:00 – 16:00" in marked_text(page, "desk-shift")
    assert "03-10 16:00" in marked_text(page, "desk-next")
    assert s.day[0].staff.full_name in marked_text(page, "desk-check")


def test_r_duty_5_the_desk_keeps_the_check_of_the_shift_on_duty_until_it_hands_over(
        client, room_shifts, clock):
    s = room_shifts
    handed_over_at_7_52(s, clock)
    clock(15, 50)  # the next shift's arrival window is open; nobody has taken over
    client.force_login(s.day[0])
    page = client.get(reverse("duty:desk", args=[s.room.pk])).content.decode()
    assert "03-10 08:00 – 16:00" in marked_text(page, "desk-shift")
    check = marked_text(page, "desk-check")
    assert s.day[0].staff.full_name in check and "not done" not in check


def test_r_duty_4_the_desk_shows_the_latest_entries_with_their_actions(client, room_shifts,
                                                                      clock):
    s = room_shifts
    clock(10, 0)
    services.attendance_clock_on(actor=s.day[0], room=s.room)
    mine = services.log_entry_write(actor=s.day[0], room=s.room, seen="门诊大厅巡查正常")
    theirs = services.log_entry_write(actor=s.day[1], room=s.room, seen="停车场入口拥堵")
    client.force_login(s.day[0])
    page = client.get(reverse("duty:desk", args=[s.room.pk])).content.decode()
    assert "门诊大厅巡查正常" in page and "停车场入口拥堵" in page
    assert reverse("duty:log_edit", args=[mine.pk]) in page
    assert reverse("duty:log_correct", args=[theirs.pk]) in page
    assert reverse("duty:log_edit", args=[theirs.pk]) not in page
