"""In Chromium: a room head drags a camera onto the area's floor plan and the place is
kept (moved again with the arrow keys, taken off with Delete); a click on a marker asks
the wall to open that camera; a critical alert raised while an operator watches flashes,
sounds once, and stops flashing when acknowledged; with the room's sound off a new one
flashes silently; the plan and the alerts fit a 390 px screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from tests.support.plans import png
from watchroom.alerts import services as alerts
from watchroom.core.choices import Role
from watchroom.core.services import rooms_and_scope
from watchroom.devices import services as devices
from watchroom.devices.models import CameraPlacement

from .test_footage_request import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def scene(make_staff, room, area, plans_dir):
    head = make_staff(Role.SHIFT_LEAD, rooms=[room], full_name="刘洋").user
    cameras = [devices.camera_create(actor=SYSTEM, code=f"CAM-FP-{n}", name=f"门诊大厅 {n} 号",
                                     area=area) for n in (1, 2)]
    devices.floor_plan_upload(actor=head, area=area, name="hall.png", content=png(800, 500))
    devices.camera_place(actor=head, area=area, camera=cameras[1], x=0.8, y=0.2)
    return head, cameras


def _drag(page, marker, canvas, fx: float, fy: float):
    box = canvas.bounding_box()
    start = marker.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    target = (box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.mouse.move(*target, steps=8)
    page.mouse.up()


def test_camera_dragged_onto_the_plan_stays_there(page, scene, area):
    head, (loose, placed) = scene
    login(page, head)
    page.goto(f"/devices/areas/{area.pk}/floor-plan/edit/")
    canvas = page.locator("[data-plan-canvas]")
    marker = page.locator(f'[data-plan-tray] [data-camera="{loose.pk}"]')
    _drag(page, marker, canvas, 0.3, 0.4)
    expect(page.locator("[data-plan-status]")).to_contain_text("已保存")
    place = CameraPlacement.objects.get(camera=loose)
    assert abs(place.x - 0.3) < 0.02 and abs(place.y - 0.4) < 0.02

    page.reload()
    moved = page.locator(f'[data-plan-canvas] [data-camera="{loose.pk}"]')
    expect(moved).to_be_visible()
    assert abs(float(moved.get_attribute("data-x")) - place.x) < 0.0001
    # The keyboard does the same: three steps to the right, one large step down.
    moved.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "Shift+ArrowDown"):
        page.keyboard.press(key)
    expect(page.locator("[data-plan-status]")).to_contain_text("已保存")
    page.wait_for_function(f"""() => document.querySelector('[data-camera="{loose.pk}"]')
                                .dataset.saved === '{place.x + 0.03:.4f},{place.y + 0.05:.4f}'""")
    again = CameraPlacement.objects.get(camera=loose)
    assert abs(again.x - (place.x + 0.03)) < 0.0002 and abs(again.y - (place.y + 0.05)) < 0.0002
    # Delete takes it off the plan, back to the tray.
    moved.press("Delete")
    expect(page.locator("[data-plan-status]")).to_contain_text("已从平面图上移除")
    expect(page.locator(f'[data-plan-tray] [data-camera="{loose.pk}"]')).to_be_visible()
    assert not CameraPlacement.objects.filter(camera=loose).exists()
    page.reload()
    expect(page.locator(f'[data-plan-tray] [data-camera="{loose.pk}"]')).to_be_visible()

    # On the plan's page a marker asks the wall to open its camera.
    page.goto(f"/devices/areas/{area.pk}/floor-plan/")
    page.evaluate("""() => document.addEventListener('watchroom:open-camera', (event) => {
        event.preventDefault(); window.opened = event.detail.camera; })""")
    page.evaluate("""(id) => document.dispatchEvent(new CustomEvent('watchroom:camera-states',
        {detail: {[id]: {state: 'offline', label: '离线', recording: false}}}))""", placed.pk)
    marker = page.locator(f'[data-camera="{placed.pk}"]')
    expect(marker).to_have_class(re.compile(r"state-offline"))
    marker.click()
    assert page.evaluate("window.opened") == placed.pk
    assert page.url.endswith(f"/devices/areas/{area.pk}/floor-plan/")


def test_a_critical_alert_flashes_until_acknowledged(page, make_staff, room):
    operator = make_staff(Role.OPERATOR, rooms=[room], full_name="李强").user
    head = make_staff(Role.SHIFT_LEAD, rooms=[room]).user
    login(page, operator)
    page.goto("/")
    feed = page.locator("[data-alert-feed]")
    expect(feed).to_have_attribute("data-sound", "on")
    alerts.alert_raise(actor=SYSTEM, kind="recording.disk_full", severity="critical",
                       key="recording.disk_full", message="录像存储空间不足 1%")
    alerts.alert_raise(actor=SYSTEM, kind="recording.storage_projection", severity="warning",
                       key="recording.storage_projection", message="存储预计 3 天后用尽")
    banner = page.locator("[data-testid=alert-banner]")
    expect(banner).to_have_count(1, timeout=10_000)
    expect(banner).to_have_class(re.compile(r"\bflashing\b"))
    expect(banner).to_contain_text("录像存储已满")
    expect(feed).to_have_attribute("data-tones", "1")
    banner.get_by_test_id("alert-acknowledge").click()
    expect(banner).not_to_have_class(re.compile(r"\bflashing\b"))
    expect(banner).to_contain_text("李强")
    expect(banner.get_by_test_id("alert-acknowledge")).to_have_count(0)

    rooms_and_scope.room_wall_sound_set(actor=head, room=room, on=False)
    expect(feed).to_have_attribute("data-sound", "off", timeout=10_000)
    alerts.alert_raise(actor=SYSTEM, kind="recording.gap", severity="critical",
                       key="recording.gap:x", message="门诊大厅 1 号 停止录像")
    flashing = page.locator("[data-testid=alert-banner].flashing")
    expect(flashing).to_have_count(1, timeout=10_000)
    expect(feed).to_have_attribute("data-tones", "1")  # silent: the room's sound is off


def test_the_plan_and_the_alerts_fit_a_phone(page, scene, area, room):
    head, _cameras = scene
    page.set_viewport_size({"width": 390, "height": 844})
    alerts.alert_raise(actor=SYSTEM, kind="recording.disk_full", severity="critical",
                       key="recording.disk_full",
                       message="录像存储空间不足：/var/lib/watchroom/recordings 仅剩 0.5%，"
                               "请立即清理或扩容，否则新录像将无法写入")
    login(page, head)
    for url in ("/", f"/devices/areas/{area.pk}/floor-plan/",
                f"/devices/areas/{area.pk}/floor-plan/edit/"):
        page.goto(url)
        if url == "/":
            expect(page.locator("[data-testid=alert-banner]")).to_have_count(1)
        else:
            expect(page.locator("[data-plan-canvas] img")).to_be_visible()
            box = page.locator("[data-plan-canvas]").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
