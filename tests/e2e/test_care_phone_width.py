"""Equipment care's room-head pages at a phone's width (390 × 844): the end-of-day
reconciliation (R-EQUIP-7) is signed on the phone, and a replacement plan (R-EQUIP-6)
read and agreed there, without sideways scrolling."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from watchroom.care.models import Reconciliation
from watchroom.care.services.replacement import replacement_draft
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.devices.models import PowerSupply

from .test_footage_request import login
from .test_phone_width import HEIGHT, WIDTH, _fits, _on_screen

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def head(room, area, site, make_staff):
    for n in range(3):
        devices.camera_create(actor=SYSTEM, code=f"CAM-P{n}", name=f"门诊大厅东侧{n}号门",
                              area=area, status="faulty" if n else "in_service")
    devices.power_supply_create(actor=SYSTEM, code="UPS-P", name="监控中心UPS", site=site,
                                install_date=dt.date(2015, 1, 1))
    devices.network_device_create(actor=SYSTEM, code="SW-P", name="门诊楼PoE交换机",
                                  site=site, kind="poe_switch")
    return make_staff(Role.SHIFT_LEAD, rooms=[room], full_name="周组长").user


def test_r_equip_7_reconciliation_signed_on_a_phone(page, room, head):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(page, head)
    page.goto("/care/end-of-day/")
    _fits(page)
    day = timezone.localdate().isoformat()
    page.goto(f"/care/end-of-day/{room.pk}/{day}/")
    _fits(page)
    page.locator("[name='finding_camera:faulty']").fill("CAM-P1 黑屏，已报修")
    page.locator("#id_password").fill("Watchroom-test-2026")
    button = page.get_by_role("button", name="签署日终核对")
    _on_screen(button)
    button.click()
    expect(page.get_by_test_id("reconciliation-lines")).to_be_visible()
    _fits(page)
    assert Reconciliation.objects.get().anomalies == 1


def test_r_equip_6_replacement_plan_read_on_a_phone(page, site, head):
    plan = replacement_draft(actor=head, site=site, title="更换监控中心老旧UPS及门诊楼交换机",
                             reason="电池老化，续航不足十分钟", planned_date=dt.date(2027, 1, 1),
                             equipment=list(PowerSupply.objects.all()))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(page, head)
    page.goto("/care/replacement/")
    _fits(page)
    page.goto(plan.get_absolute_url())
    _fits(page)
    _on_screen(page.get_by_role("button", name="签字同意"))
