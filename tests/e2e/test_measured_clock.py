"""R-DUTY-5 in Chromium at a phone's width: the pre-shift check shows a recorder's clock
measured over ONVIF (a real device service on loopback, 95 s ahead), read-only with the
time it was read; a recorder without an ONVIF address keeps its typed offset and the
page says why."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, SYSTEM
from tests.e2e.conftest import SCREENSHOTS
from tests.support.onvif_device import OnvifDevice
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.health.services.clock import clock_measure

pytestmark = [pytest.mark.browser]


def test_r_duty_5_the_check_page_shows_the_measured_clock(page, make_staff, site, room):
    operator = make_staff(Role.OPERATOR, full_name="李强", rooms=[room])
    with OnvifDevice(username="admin", password="nvr-pass") as device:
        device.offset_s = 95
        measured = devices.recorder_create(actor=SYSTEM, code="NVR1", name="门诊NVR",
                                           site=site, onvif_address=device.address,
                                           username="admin", password="nvr-pass")
        typed = devices.recorder_create(actor=SYSTEM, code="NVR2", name="旧NVR", site=site)
        clock_measure(actor=SYSTEM, equipment=measured)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/login/")
        page.locator("#id_username").fill(operator.user.username)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.goto(f"/duty/check/{room.pk}/")
        # the device answers whole seconds, cut: 94.x or 95
        expect(page.get_by_test_id("clock-measured")).to_have_text(re.compile(r"^9[45]$"))
        expect(page.locator(f'input[name="clock:r{measured.pk}:offset"]')).to_have_count(0)
        expect(page.locator(f'input[name="clock:r{typed.pk}:offset"]')).to_be_visible()
        expect(page.get_by_test_id("clock-typed")).to_contain_text("ONVIF")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "measured_clock.png"), full_page=True)
