"""A real user in Chromium: log in (in Chinese), switch to English, see the cameras,
log out; and the lockout after repeated wrong passwords (R-SEC-2), each failure in
the audit trail (R-SEC-3)."""

import datetime as dt
import json
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LOGIN_NEXT_HOME = re.compile(r"/login/\?next=/$")


def make_camera(area, code: str, name: str):
    from watchroom.devices import services as devices

    return devices.camera_create(actor=SYSTEM, code=code, name=name, area=area)


def log_in(page, username: str, password: str, *, button: str):
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=button, exact=True).click()


def test_login_in_chinese_switch_to_english_see_cameras_and_log_out(page, make_staff, area):
    technician = make_staff(Role.TECHNICIAN, full_name="王工")
    make_camera(area, "CAM-E2E-01", "门诊大厅东")
    make_camera(area, "CAM-E2E-02", "门诊大厅西")

    # A workstation whose browser asks for Chinese gets the log-in page in Chinese.
    page.goto("/")
    expect(page).to_have_url(LOGIN_NEXT_HOME)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("监控室登录")
    log_in(page, technician.user.username, PASSWORD, button="登录")

    expect(page.get_by_test_id("current-user")).to_contain_text("王工")

    # The language button switches the whole interface to English and stays switched.
    page.get_by_test_id("lang-en").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("lang-zh-hans")).to_be_visible()

    page.goto("/devices/cameras/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    table = page.locator("table")
    expect(table).to_contain_text("CAM-E2E-01")
    expect(table).to_contain_text("CAM-E2E-02")
    expect(table.get_by_role("row").filter(has_text="CAM-E2E-01")).to_contain_text("门诊大厅东")

    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring room log in")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    page.goto("/devices/cameras/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring room log in")

    actions = list(
        AuditEvent.objects.filter(actor_user_id=technician.user.pk)
        .order_by("seq").values_list("action", flat=True)
    )
    assert actions[-2:] == ["auth.login", "auth.logout"]


def _time_passes():
    """Two minutes pass for the sign-in records: past the slowdown after repeated
    failures (core.login_throttle), well within the lock."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(seconds=120))


def test_r_sec_2_wrong_passwords_lock_the_account_and_each_failure_is_audited(
    page, make_staff
):
    operator = make_staff(Role.OPERATOR)
    username = operator.user.username
    limit = settings.AXES_FAILURE_LIMIT

    page.goto("/login/")
    for attempt in range(1, limit + 1):
        _time_passes()
        log_in(page, username, f"wrong-{attempt}", button="登录")
        if attempt < limit:
            expect(page.get_by_test_id("login-error")).to_be_visible()
            page.goto("/login/")
        else:
            expect(page.get_by_test_id("locked-out")).to_be_visible()

    # Even the right password is refused now, with the locked-out page naming the rule.
    _time_passes()
    page.goto("/login/")
    log_in(page, username, PASSWORD, button="登录")
    locked = page.get_by_test_id("locked-out")
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("R-SEC-2")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(LOGIN_NEXT_HOME)

    failed = [
        json.loads(data)["username"]
        for data in AuditEvent.objects.filter(action="auth.login_failed").values_list(
            "data", flat=True
        )
    ]
    assert failed.count(username) >= limit
    assert not AuditEvent.objects.filter(action="auth.login", actor_user_id=operator.user.pk)
