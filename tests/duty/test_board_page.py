"""The room head's board refreshes itself and shows what was refused and resolved."""


import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_board_refreshes_itself(client, room_shifts):
    client.force_login(room_shifts.lead)
    page = client.get(reverse("duty:board", args=[room_shifts.room.pk])).content.decode()
    assert 'hx-trigger="every 30s"' in page
    assert f'hx-get="{reverse("duty:board", args=[room_shifts.room.pk])}"' in page
