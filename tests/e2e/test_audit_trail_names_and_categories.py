"""R-SEC-3: the auditor reads the trail in words: people by name, actions by their
translated names, and narrows it by a category chosen from a list (the exact-code
filter still works)."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, SYSTEM
from watchroom.core.choices import Role
from watchroom.devices import services as devices

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_r_sec_3_audit_trail_by_category_with_names(page, make_staff, area):
    auditor = make_staff(Role.AUDITOR, full_name="韩梅梅")
    devices.camera_create(actor=SYSTEM, code="CAM-AUD-1", name="门诊大厅东", area=area)

    page.goto("/login/")
    page.locator("#id_username").fill(auditor.user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("#id_username")).to_have_count(0)

    page.goto("/audit/")
    rows = page.get_by_test_id("records").locator("tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.get_by_test_id("records")).not_to_contain_text("auth.login")

    page.locator("#id_category").select_option(label="登录")
    expect(page).to_have_url(re.compile(r"category=sign-in"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("登录")
    expect(rows.first).to_contain_text("韩梅梅")
    expect(rows.first).not_to_contain_text(auditor.user.username)

    page.locator("#id_category").select_option(label="设备")
    expect(page).to_have_url(re.compile(r"category=equipment"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("新增摄像机")
    expect(rows.first).to_contain_text("CAM-AUD-1")

    # The exact code still narrows it, alone or with the category.
    page.locator("#id_category").select_option(label="全部")
    page.locator("#id_action").fill("auth.login")
    page.get_by_role("button", name="搜索").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("韩梅梅")
