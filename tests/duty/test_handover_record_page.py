"""The printed handover record: the incoming row lists people and says so, a handover
signed again after a refusal carries the refusal's reason (R-HAND-2, R-HAND-3), and the
entries logged during the handover are offered for correction (R-DUTY-4)."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.duty import handed_over_at_7_52, marked_text, sign
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Handover

pytestmark = pytest.mark.django_db


def _label_of(page: str, testid: str) -> str:
    return re.search(r'<th>([^<]*)</th><td[^>]*data-testid="' + testid, page).group(1)


def test_r_hand_3_the_record_names_the_incoming_people_and_the_earlier_refusal(
        on_duty, clock, client, make_staff):
    clock(7, 52)
    first = sign(on_duty)
    clock(7, 56)
    services.handover_refuse(actor=on_duty.day[0], handover=first, password=PASSWORD,
                    reasons="钥匙少一把")
    clock(7, 58)
    second = sign(on_duty, continuing="钥匙已找回")
    services.handover_accept(actor=on_duty.day[1], handover=second, password=PASSWORD)

    client.force_login(make_staff(Role.SHIFT_LEAD, rooms=[on_duty.room]).user)
    page = client.get(reverse("duty:handover_detail", args=[second.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert _label_of(page, "incoming-people") == "接班人员"
    refusal = re.search(r'data-testid="earlier-refusal">([^<]*)<', page).group(1)
    assert "钥匙少一把" in refusal and "07:56:00" in refusal


def test_r_duty_4_the_handover_record_offers_to_correct_its_shared_entries(
        client, room_shifts, clock):
    s = room_shifts
    clock(7, 48)
    entry = services.log_entry_write(actor=s.night[1], room=s.room, seen="交接时三号门报警")
    handed_over_at_7_52(s, clock)
    done = Handover.objects.get(status=HandoverStatus.ACCEPTED)
    client.force_login(s.night[1])
    page = client.get(reverse("duty:handover_detail", args=[done.pk])).content.decode()
    assert "交接时三号门报警" in marked_text(page, "shared")
    assert reverse("duty:log_correct", args=[entry.pk]) in page
    assert reverse("duty:log_edit", args=[entry.pk]) not in page
