"""R-EQUIP-2 on a phone (390 × 844): the technician opens "my work", fills a work
order's checklist with big touch targets and the keyboard, and signs it with their own
password; the page never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from tests.care.conftest import START, kit, photos_dir, tech, weekly  # noqa: F401
from tests.conftest import PASSWORD, SYSTEM
from watchroom.care.models import WorkOrder
from watchroom.care.services import maintenance as svc

from .test_footage_request import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WIDTH, HEIGHT = 390, 844


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide"


def test_r_equip_2_technician_signs_a_work_order_on_a_phone(page, weekly, tech,  # noqa: F811
                                                            time_machine):
    time_machine.move_to(START, tick=True)
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(page, tech)
    page.goto("/care/my-work/")
    _fits(page)
    page.locator(f'a[href="/care/maintenance/orders/{order.pk}/"]').click()
    expect(page.get_by_test_id("sign-form")).to_be_visible()
    _fits(page)
    ok_labels = page.locator(".mt-item .choices label").filter(has_text="正常").filter(
        has_not_text="异常")
    box = ok_labels.first.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= WIDTH, box
    # the first item by keyboard: focus its "OK" radio and press space
    first = page.locator("input[type=radio][value=ok]").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    for index in range(1, ok_labels.count()):
        ok_labels.nth(index).click()
    for field in page.locator("input[inputmode=decimal]").all():
        field.fill("35")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_test_id("sign").click()
    expect(page.get_by_test_id("signed")).to_be_visible()
    _fits(page)
    assert WorkOrder.objects.get(pk=order.pk).status == "done"
