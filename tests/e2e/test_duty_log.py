"""R-DUTY-4 in Chromium, in Chinese and at a phone's width: the author changes an open
entry (修改), a colleague or anyone after the handover corrects it (更正); the correction
is a new entry shown with the one it corrects, which stays as it was."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_handover import login
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import LogEntry

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_r_duty_4_change_before_the_handover_then_correct_after_it(page, room, make_staff,
                                                                   system):
    page.set_viewport_size({"width": 390, "height": 844})
    author = make_staff(Role.OPERATOR, rooms=[room]).user
    colleague = make_staff(Role.OPERATOR, rooms=[room]).user
    entry = services.log_entry_write(actor=author, room=room, seen="三号门未锁")
    theirs = services.log_entry_write(actor=colleague, room=room, seen="停车场入口拥堵")

    login(page, author)
    page.goto(f"/duty/log/{room.pk}/")
    mine = page.locator(f"tr[data-entry='{entry.pk}']")
    other = page.locator(f"tr[data-entry='{theirs.pk}']")
    # the author changes their own open entry; a colleague's can only be corrected
    expect(mine.get_by_test_id("log-correct")).to_have_count(0)
    expect(other.get_by_test_id("log-edit")).to_have_count(0)
    expect(other.get_by_test_id("log-correct")).to_have_text("更正")
    mine.get_by_test_id("log-edit").click()
    page.locator("#id_seen").fill("三号门未锁，已通知保安")
    page.get_by_role("button", name="保存修改").click()
    expect(mine).to_contain_text("三号门未锁，已通知保安")
    expect(mine.get_by_test_id("log-changed")).to_be_visible()

    # the handover locks the entry: now it is corrected, never overwritten
    services.log_entries_lock(actor=system, room=room, until=timezone.now())
    page.reload()
    expect(mine).to_contain_text("🔒")
    expect(mine.get_by_test_id("log-edit")).to_have_count(0)
    mine.get_by_test_id("log-correct").click()
    expect(page.get_by_test_id("log-original")).to_contain_text("三号门未锁，已通知保安")
    page.locator("#id_seen").fill("三号门、四号门均未锁")
    page.locator("#id_done").fill("已通知保安锁好")
    page.get_by_role("button", name="记录更正").click()

    correction = LogEntry.objects.get(corrects=entry)
    fixed = page.locator(f"tr[data-entry='{correction.pk}']")
    expect(fixed).to_contain_text("三号门、四号门均未锁")
    expect(fixed.get_by_test_id("log-corrects")).to_be_visible()
    expect(mine).to_contain_text("三号门未锁，已通知保安")
    expect(mine.get_by_test_id("log-corrected")).to_be_visible()
    # shown together: the correction is the row right above the entry it corrects
    expect(page.locator(f"tr[data-entry='{correction.pk}'] + tr")).to_have_attribute(
        "data-entry", str(entry.pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
