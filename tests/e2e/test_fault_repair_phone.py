"""R-EQUIP-3 in the technician's hands, on a phone (390 × 844): a camera's black picture
opened a fault by itself; the technician finds it on "my work", starts the repair,
signs the repair record with their password, and closes the fault once a health check
after the repair passed; the camera's status follows at every step."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.care.conftest import kit, tech  # noqa: F401
from tests.conftest import PASSWORD, SYSTEM
from watchroom.alerts.services import alert_raise
from watchroom.care.models import Fault
from watchroom.devices.choices import EquipmentStatus
from watchroom.health.models import HealthCheck

from .test_footage_request import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTH, HEIGHT = 390, 844


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide"


def test_r_equip_3_technician_repairs_and_closes_a_fault_on_a_phone(page, kit, tech):  # noqa: F811
    camera = kit["cameras"][0]
    alert_raise(actor=SYSTEM, kind="health.black", severity="critical",
                key=f"health:black:camera:{camera.pk}", message="黑屏", target=camera)
    fault = Fault.objects.get(cause="health.black")
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(page, tech)
    page.goto("/care/my-work/")
    _fits(page)
    mine = page.get_by_test_id("my-faults")
    expect(mine).to_contain_text(camera.code)
    mine.locator(f'a[href="/care/faults/{fault.pk}/"]').click()
    expect(page.get_by_test_id("status")).to_have_text("待处理")
    _fits(page)
    page.get_by_test_id("start").get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("维修中")
    camera.refresh_from_db()
    assert camera.status == EquipmentStatus.UNDER_REPAIR
    repair = page.get_by_test_id("repair")
    repair.locator("#id_cause_found").fill("视频线接头松动")
    repair.locator("#id_work_done").fill("重新压接 BNC 接头")
    repair.locator("#id_password").fill(PASSWORD)
    repair.get_by_role("button").click()
    expect(page.get_by_test_id("proof")).to_contain_text("等待")
    expect(page.get_by_test_id("close")).to_have_count(0)  # nothing has proved it yet
    # The next probe finds the picture back.
    HealthCheck.objects.create(camera=camera, checked_at=timezone.now() + dt.timedelta(
        seconds=1), reachable=True, ok=True)
    page.reload()
    page.get_by_test_id("close").get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已关闭")
    _fits(page)
    camera.refresh_from_db()
    assert camera.status == EquipmentStatus.IN_SERVICE
