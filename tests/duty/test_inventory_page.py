"""The room's handover items: the room head keeps the list on its page (R-HAND-2)."""

import pytest
from django.urls import reverse

from watchroom.duty.models import InventoryItem

pytestmark = pytest.mark.django_db


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
