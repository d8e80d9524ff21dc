"""R-HAND-2/3/5 in Chromium: two operators hand over on one screen; the incoming one
refuses (a key is missing), the board shows the refusal and the outgoing shift still
responsible; handed over again, the incoming operator accepts and the board shows the
new shift on duty."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.support.duty import Shifts, at
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Handover, InventoryItem

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def login(page, user):
    page.goto("/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("#id_username")).to_have_count(0)


def sign(page, prefix: str, user):
    page.locator(f"input[name='{prefix}username']").fill(user.username)
    page.locator(f"input[name='{prefix}password']").fill(PASSWORD)


def test_r_hand_3_refused_then_accepted_on_one_screen(page, room, make_staff, time_machine):
    # Today's date, so that the browser keeps the session cookie the server sets.
    today = timezone.localdate()
    time_machine.move_to(at(0, 0, day=today), tick=True)
    lead = make_staff(Role.SHIFT_LEAD, rooms=[room]).user
    s = Shifts(room, make_staff, lead, day=today)
    for person in s.night:
        services.attendance_clock_on(actor=person, room=room)
    services.log_entry_write(actor=s.night[0], room=room, category="anomaly", seen="三号门有人徘徊",
                    done="保安到场劝离")
    InventoryItem.objects.create(room=room, name="钥匙", quantity=3)
    time_machine.move_to(at(7, 48, day=today), tick=True)
    for person in s.day:
        services.attendance_clock_on(actor=person, room=room)

    login(page, s.night[0])
    page.goto(f"/duty/handover/{room.pk}/")
    expect(page.get_by_test_id("events")).to_contain_text("三号门有人徘徊")
    page.locator("input[name='item-0-count']").fill("2")
    page.locator("textarea[name='continuing']").fill("三号门继续关注")
    sign(page, "out-", s.night[0])
    page.locator("[data-testid=handover-form] button[type=submit]").click()
    expect(page.get_by_test_id("pending")).to_contain_text("三号门继续关注")

    # The incoming operator, on the same screen, refuses: one key short.
    sign(page, "in-", s.day[0])
    page.locator("textarea[name='reasons']").fill("钥匙少一把")
    page.locator("button[name=decision][value=refuse]").click()
    expect(page.get_by_test_id("handover-form")).to_be_visible()
    assert Handover.objects.get().status == HandoverStatus.REFUSED

    page.goto(f"/duty/board/{room.pk}/")
    expect(page.get_by_test_id("board-refused")).to_contain_text("钥匙少一把")
    night_names = [u.staff.full_name for u in s.night]
    for name in night_names:
        expect(page.get_by_test_id("board-team")).to_contain_text(name)

    # Put right and handed over again; the other incoming operator accepts.
    page.goto(f"/duty/handover/{room.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("钥匙少一把")
    page.locator("textarea[name='continuing']").fill("钥匙已找回，三号门继续关注")
    sign(page, "out-", s.night[0])
    page.locator("[data-testid=handover-form] button[type=submit]").click()
    sign(page, "in-", s.day[1])
    page.locator("button[name=decision][value=accept]").click()
    expect(page.get_by_test_id("handover-content")).to_contain_text("钥匙已找回")
    expect(page.get_by_test_id("handover-status")).to_contain_text("SHA-256")

    page.goto(f"/duty/board/{room.pk}/")
    for user in s.day:
        expect(page.get_by_test_id("board-team")).to_contain_text(user.staff.full_name)
    # resolved: no longer shown as an open refusal, only as history
    expect(page.get_by_test_id("board-refused")).to_have_count(0)
    expect(page.get_by_test_id("board-resolved")).to_contain_text("钥匙少一把")
    expect(page.get_by_test_id("board-handovers")).not_to_have_class("card alarm")
    accepted = Handover.objects.get(status=HandoverStatus.ACCEPTED)
    assert accepted.replaces.status == HandoverStatus.REFUSED
    assert accepted.decided_at - accepted.outgoing_signed_at < dt.timedelta(minutes=5)
