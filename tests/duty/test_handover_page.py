"""The handover screen: signed, refused and accepted on one screen, each side with its
own password."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from watchroom.alerts.models import Alert
from watchroom.duty import services
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Handover, InventoryItem

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


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
