"""The shift's pages: clocking on in person, the pre-shift check, the handover on one
screen, leaving the post, the board, the inventory."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.duty import at
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty.models import (
    AbsenceStatus,
    Attendance,
    Handover,
    HandoverStatus,
    InventoryItem,
    PostAbsence,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


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


def test_r_hand_3_the_handover_page_signs_refuses_and_accepts(client, room_shifts, clock):
    s = room_shifts
    clock(0, 0)
    for person in s.night:
        services.attendance_clock_on(actor=person, room=s.room)
    services.log_entry_write(actor=s.night[0], room=s.room, seen="夜间巡查正常")
    InventoryItem.objects.create(room=s.room, name="钥匙", quantity=3)
    clock(7, 40)
    for person in s.day:
        services.attendance_clock_on(actor=person, room=s.room)
    clock(7, 50)
    client.force_login(s.night[0])
    url = reverse("duty:handover", args=[s.room.pk])
    form = client.get(url)
    assert "夜间巡查正常" in form.content.decode() and "钥匙" in form.content.decode()
    # Logged at midnight local time (16:00 UTC): shown at its local time, by its label.
    assert "<tr><td>00:00</td><td>Routine</td><td></td><td>夜间巡查正常</td>" in \
        form.content.decode()
    signed = {"out-username": s.night[0].username, "out-password": PASSWORD,
              "hygiene": "clean", "continuing": "", "item": "0", "item-0-name": "钥匙",
              "item-0-count": "2", "item-0-ok": "1"}
    response = client.post(url, signed, follow=True)
    assert "Signed" in messages_of(response), messages_of(response)
    pending = Handover.objects.get()
    assert pending.items[0]["ok"] is False  # 2 of 3 keys
    refuse = {"in-username": s.day[0].username, "in-password": PASSWORD,
              "decision": "refuse", "reasons": "钥匙少一把"}
    client.post(url, refuse)
    assert Handover.objects.get().status == HandoverStatus.REFUSED
    board = client.get(reverse("duty:board", args=[s.room.pk]), HTTP_HX_REQUEST="true")
    assert "钥匙少一把" in board.content.decode()
    assert "board-refused" in board.content.decode()
    client.post(url, {**signed, "item-0-count": "3", "continuing": "钥匙已找回"})
    accept = {"in-username": s.day[1].username, "in-password": PASSWORD, "decision": "accept"}
    response = client.post(url, accept, follow=True)
    done = Handover.objects.get(status=HandoverStatus.ACCEPTED)
    assert response.request["PATH_INFO"] == reverse("duty:handover_detail", args=[done.pk])
    assert "content unchanged since signing" in response.content.decode()
    # the shift's events, one row each: its local time and what was seen
    assert re.search(r"<tr><td>00:00</td>(<td>[^<]*</td>){2}<td>夜间巡查正常</td>",
                     response.content.decode())
    assert not Alert.objects.filter(kind="duty.handover_refused", closed_at__isnull=True)
    # the refusal is resolved: history on the board, no longer shown as open
    board = client.get(reverse("duty:board", args=[s.room.pk]),
                       HTTP_HX_REQUEST="true").content.decode()
    assert "board-refused" not in board
    assert "board-resolved" in board and "钥匙少一把" in board


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


def test_r_duty_5_the_check_page_lists_the_items(client, room_shifts, clock):
    clock(7, 45)
    client.force_login(room_shifts.day[0])
    page = client.get(reverse("duty:check", args=[room_shifts.room.pk]))
    assert page.status_code == 200 and "check-form" in page.content.decode()


def test_r_hand_2_the_room_head_keeps_the_inventory(client, room_shifts):
    client.force_login(room_shifts.day[0])
    url = reverse("duty:inventory", args=[room_shifts.room.pk])
    client.post(url, {"name": "对讲机", "quantity": "2"})
    assert not InventoryItem.objects.exists()
    client.force_login(room_shifts.lead)
    client.post(url, {"name": "对讲机", "quantity": "2"})
    client.post(url, {"name": "对讲机", "quantity": "2", "active": "0"})
    item = InventoryItem.objects.get()
    assert item.quantity == 2 and item.active is False


def test_the_board_refreshes_itself(client, room_shifts):
    client.force_login(room_shifts.lead)
    page = client.get(reverse("duty:board", args=[room_shifts.room.pk])).content.decode()
    assert 'hx-trigger="every 30s"' in page
    assert f'hx-get="{reverse("duty:board", args=[room_shifts.room.pk])}"' in page


def _testid(page: str, name: str) -> str:
    """The text of the element marked data-testid=name (tags dropped)."""
    import re

    found = re.search(rf'data-testid="{name}"[^>]*>(.*?)</(p|div|table)>', page, re.S)
    assert found, name
    return re.sub(r"<[^>]+>", " ", found.group(1))


def _handed_over_at_7_52(s, clock):
    """The night shift on duty, the day shift arrived and checked; handed over early."""
    from watchroom.duty import services
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


def test_r_hand_5_after_an_early_handover_the_desk_shows_the_shift_on_duty_and_the_next(
        client, room_shifts, clock):
    s = room_shifts
    _handed_over_at_7_52(s, clock)
    clock(7, 55)
    client.force_login(s.day[0])
    page = client.get(reverse("duty:desk", args=[s.room.pk])).content.decode()
    assert "03-10 08:00 – 16:00" in _testid(page, "desk-shift")
    assert "03-10 16:00" in _testid(page, "desk-next")
    assert s.day[0].staff.full_name in _testid(page, "desk-check")


def test_r_duty_5_the_desk_keeps_the_check_of_the_shift_on_duty_until_it_hands_over(
        client, room_shifts, clock):
    s = room_shifts
    _handed_over_at_7_52(s, clock)
    clock(15, 50)  # the next shift's arrival window is open; nobody has taken over
    client.force_login(s.day[0])
    page = client.get(reverse("duty:desk", args=[s.room.pk])).content.decode()
    assert "03-10 08:00 – 16:00" in _testid(page, "desk-shift")
    check = _testid(page, "desk-check")
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


def test_r_duty_4_the_handover_record_offers_to_correct_its_shared_entries(
        client, room_shifts, clock):
    s = room_shifts
    clock(7, 48)
    entry = services.log_entry_write(actor=s.night[1], room=s.room, seen="交接时三号门报警")
    _handed_over_at_7_52(s, clock)
    done = Handover.objects.get(status=HandoverStatus.ACCEPTED)
    client.force_login(s.night[1])
    page = client.get(reverse("duty:handover_detail", args=[done.pk])).content.decode()
    assert "交接时三号门报警" in _testid(page, "shared")
    assert reverse("duty:log_correct", args=[entry.pk]) in page
    assert reverse("duty:log_edit", args=[entry.pk]) not in page
