"""R-DUTY-1 in Chromium at a phone's width: the room head reopens next month's published
roster with a reason, removes a duty through the confirmation page (kept once, removed
the second time), is refused republishing while the hours are uncovered, adds the duty
back and republishes."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import Roster

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_r_duty_1_reopen_remove_with_confirmation_and_republish(page, room, make_staff):
    head = make_staff(Role.SHIFT_LEAD, rooms=[room], full_name="王主任").user
    for n in range(5):
        make_staff(Role.OPERATOR, rooms=[room], full_name=f"值班员{n}")
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    roster = services.roster_generate(actor=head, room=room, month=month)
    services.roster_publish(actor=head, roster=roster)
    duty = roster.assignments.order_by("start").first()
    start, end = timezone.localtime(duty.start), timezone.localtime(duty.end)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login/")
    page.locator("#id_username").fill(head.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("#id_username")).to_have_count(0)
    page.goto(f"/duty/rosters/{room.pk}/{month.year}/{month.month}/")
    remove = page.locator(f"a[href='/duty/duties/{duty.pk}/remove/']")
    expect(remove).to_have_count(0)  # published: nothing to remove until reopened

    page.get_by_placeholder("修改原因").fill("值班员0 病假")
    page.get_by_role("button", name="重新开放修改").click()
    expect(page.get_by_test_id("reopened")).to_contain_text("王主任")
    expect(page.get_by_test_id("reopened")).to_contain_text("值班员0 病假")

    remove.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("删除值班")
    expect(page.get_by_test_id("duty")).to_contain_text(f"{start:%Y-%m-%d %H:%M}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="保留").click()
    expect(remove).to_have_count(1)
    remove.click()
    page.get_by_role("button", name="删除该值班").click()
    expect(page.locator(".messages, [role=alert]").first).to_be_visible()
    expect(remove).to_have_count(0)
    expect(page.get_by_test_id("problems")).to_contain_text(f"{start:%Y-%m-%d %H:%M}")

    page.get_by_role("button", name="重新发布").click()
    expect(page.get_by_text("R-DUTY-1").first).to_be_visible()
    roster.refresh_from_db()
    assert roster.is_reopened

    page.locator("#id_person").select_option(str(duty.person_id))
    page.locator("#id_start").fill(f"{start:%Y-%m-%dT%H:%M}")
    page.locator("#id_end").fill(f"{end:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.get_by_test_id("problems")).to_have_count(0)
    page.get_by_role("button", name="重新发布").click()
    expect(page.get_by_test_id("reopened")).to_have_count(0)
    expect(page.get_by_test_id("roster-status")).to_contain_text("王主任")
    roster = Roster.objects.get(pk=roster.pk)
    assert not roster.is_reopened and roster.published_by == head
