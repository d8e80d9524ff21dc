"""R-EQUIP-5 and R-EQUIP-4 in Chromium, in Chinese and at a phone's width: the using
department applies to block a camera, the room head approves it; the room head approves
a reference picture by uploading a real frame of a test camera."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_handover import login
from tests.support.health_records import camera_in, encode
from tests.support.health_sources import decode, make_clip
from watchroom.core.choices import Role
from watchroom.health import references
from watchroom.health.choices import BlockStatus
from watchroom.health.models import CameraBlock

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_r_equip_5_apply_and_approve_a_block_at_a_phones_width(page, area, system, make_staff):
    page.set_viewport_size({"width": 390, "height": 844})
    camera = camera_in(area, system)
    applicant, head = make_staff(Role.OPERATOR).user, make_staff(Role.SHIFT_LEAD).user
    login(page, applicant)
    page.goto(f"/health/blocks/new/?camera={camera.pk}")
    page.locator("#id_reason").fill("手术室吊顶维修")
    start = timezone.now()
    page.locator("#id_starts_at").fill(_local(start))
    page.locator("#id_ends_at").fill(_local(start + dt.timedelta(hours=3)))
    page.get_by_role("button", name="申请", exact=True).click()
    expect(page.get_by_test_id("fields")).to_contain_text("手术室吊顶维修")
    expect(page.get_by_test_id("block-decide")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    block = CameraBlock.objects.get()

    page.context.clear_cookies()
    login(page, head)
    page.goto(f"/health/blocks/{block.pk}/")
    page.get_by_role("button", name="同意", exact=True).click()
    expect(page.get_by_test_id("fields")).to_contain_text("生效中")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    block.refresh_from_db()
    assert block.status == BlockStatus.APPROVED
    page.goto("/health/blocks/?when=current")
    expect(page.locator("main")).to_contain_text("手术室吊顶维修")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_r_equip_4_the_room_head_uploads_a_reference_at_a_phones_width(
        page, area, system, make_staff, health_folders, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    camera = camera_in(area, system)
    head = make_staff(Role.SHIFT_LEAD).user
    frame = tmp_path / "scene.png"
    clip = make_clip(tmp_path / "normal.ts", "normal", seconds=1)
    frame.write_bytes(encode(decode(str(clip), 1)[0]))
    login(page, head)
    page.goto(f"/health/cameras/{camera.pk}/reference/")
    expect(page.get_by_test_id("no-reference")).to_be_visible()
    page.locator("#id_picture").set_input_files(str(frame))
    page.get_by_role("button", name="批准上传的图片").click()
    expect(page.get_by_test_id("current-reference")).to_be_visible()
    assert page.evaluate(
        "document.querySelector('[data-testid=current-reference] img').naturalWidth") == 640
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert references.current_reference_path(camera).read_bytes() == frame.read_bytes()
