"""The pre-shift check page lists every item to check (R-DUTY-5)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_r_duty_5_the_check_page_lists_the_items(client, room_shifts, clock):
    clock(7, 45)
    client.force_login(room_shifts.day[0])
    page = client.get(reverse("duty:check", args=[room_shifts.room.pk]))
    assert page.status_code == 200 and "check-form" in page.content.decode()
