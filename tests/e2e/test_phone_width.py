"""Pages at a phone's width (390 × 844): the room head reads the board and approvers
decide requests on their phones. Each daily page fits the screen without sideways
scrolling, its key controls are on screen, and the menu folds away."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from tests.support.duty import Shifts, at
from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.duty import services
from watchroom.duty.models import InventoryItem
from watchroom.footage import services as footage
from watchroom.footage.rules import Upload
from watchroom.recording import services as recording
from watchroom.recording import storage
from watchroom.twofactor import services as twofactor
from watchroom.twofactor import totp

from .test_footage_request import PDF, login
from .test_playback_check import _encode

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTH, HEIGHT = 390, 844
LONG = ("门诊大厅东侧三号门附近有一名身穿深色外套的男子长时间徘徊并多次尝试推开消防通道门，"
        "已通知保安到场劝离并持续关注其去向，监控室已截图留存")


class Scene:
    """A night shift on duty in a room with a recorded camera, a pending footage
    request waiting for the security chief, and a log with long entries."""

    def __init__(self, room, area, site, make_staff, time_machine):
        today = timezone.localdate()
        time_machine.move_to(at(3, 0, day=today), tick=True)
        self.lead = make_staff(Role.SHIFT_LEAD, rooms=[room], full_name="周组长").user
        self.shifts = Shifts(room, make_staff, self.lead, day=today)
        self.room = room
        self.operator = self.shifts.night[0]
        for person in self.shifts.night:
            services.attendance_clock_on(actor=person, room=room)
        InventoryItem.objects.create(room=room, name="对讲机", quantity=2)
        for n in range(3):
            services.log_entry_write(actor=self.operator, room=room, category="anomaly",
                            seen=f"{n + 1}. {LONG}", done="保安到场劝离，已恢复正常秩序",
                            told="值班干部王科长")
        recorder = devices.recorder_create(actor=SYSTEM, code="WR-PHONE", name="本机",
                                           site=site, kind="watchroom")
        self.camera = devices.camera_create(
            actor=SYSTEM, code="CAM-PHONE-1", name="门诊大厅东侧三号门入口全景摄像机",
            area=area, recorder=recorder, stream_url="rtsp://192.0.2.12/1")
        start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=2)
        relpath = storage.segment_relpath(self.camera.pk, self.camera.code, start)
        _encode(storage.absolute(relpath))
        digest, size = files.sha256_file(storage.absolute(relpath))
        recording.segment_seal(actor=SYSTEM, camera_id=self.camera.pk, start=start,
                               end=start + dt.timedelta(seconds=6), relpath=relpath,
                               size=size, sha256=digest)
        self.chief = make_staff(Role.SECURITY_CHIEF, full_name="王科长").user
        _device, secret = twofactor.authenticator_enrol(actor=self.chief)
        twofactor.authenticator_confirm(actor=self.chief,
                                code=totp.code_at(secret, totp.current_step() - 1))
        self.request = footage.request_create(
            actor=self.operator, requester_type="patient", requester_name="王五",
            requester_unit="个人", requester_contact="13900000000",
            requester_id_number="110101199001011234",
            purpose="核实患者在门诊大厅东侧三号门附近跌倒的经过以及随后保安人员的处置情况",
            need="view", scope=[(self.camera, start, start + dt.timedelta(seconds=6))],
            uploads=[Upload("written_application", "申请书.pdf", PDF),
                     Upload("id_copy", "身份证.pdf", PDF)])


@pytest.fixture
def scene(room, area, site, make_staff, time_machine, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings",
                          "EXPORTS_DIR": tmp_path / "exports",
                          "ATTACHMENTS_DIR": tmp_path / "attachments"}
    return Scene(room, area, site, make_staff, time_machine)


def _fits(page):
    """Nothing pushes the page sideways; the named controls are wholly on screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide"


def _on_screen(locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def _phone(page):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})


def test_the_operators_pages_fit_a_phone(page, scene):
    _phone(page)
    login(page, scene.operator)
    page.goto(f"/duty/desk/{scene.room.pk}/")
    _fits(page)
    _on_screen(page.get_by_role("heading", level=1))
    page.goto(f"/duty/log/{scene.room.pk}/")
    expect(page.get_by_text(LONG).first).to_be_visible()
    _fits(page)
    _on_screen(page.locator("main form button[type=submit]").first)
    page.goto(f"/recording/cameras/{scene.camera.pk}/playback/")
    _fits(page)
    _on_screen(page.get_by_test_id("player"))


def test_the_room_heads_board_fits_a_phone(page, scene):
    _phone(page)
    login(page, scene.lead)
    page.goto(f"/duty/board/{scene.room.pk}/")
    expect(page.get_by_test_id("board-time")).to_be_visible()
    _fits(page)
    _on_screen(page.get_by_role("heading", level=1))


def test_an_approver_decides_on_a_phone(page, scene):
    _phone(page)
    login(page, scene.chief)
    page.goto("/notifications/")
    _fits(page)
    _on_screen(page.get_by_test_id("inbox"))
    page.goto(f"/footage/{scene.request.pk}/")
    _fits(page)
    form = page.get_by_test_id("decide")
    _on_screen(form.locator("#id_comment"))
    _on_screen(form.locator("#id_code"))
    submit = form.get_by_role("button", name="签署")
    submit.scroll_into_view_if_needed()
    _on_screen(submit)


def test_the_menu_folds_away_on_a_phone(page, scene):
    _phone(page)
    login(page, scene.operator)
    page.goto(f"/duty/desk/{scene.room.pk}/")
    menu = page.get_by_role("navigation", name="主菜单")
    link = menu.get_by_role("link").first
    expect(link).to_be_hidden()
    page.get_by_text("菜单", exact=True).click()
    expect(link).to_be_visible()
    _fits(page)


def test_the_pre_shift_check_fits_a_phone(page, scene):
    """R-DUTY-5 on a phone: each item is a card; its answer and note are on screen, not
    in a table scrolled sideways."""
    _phone(page)
    login(page, scene.operator)
    page.goto(f"/duty/check/{scene.room.pk}/")
    _fits(page)
    notes = page.locator("[data-testid=check-form] input[name$=':note']").all()
    assert notes, "the check lists no item"
    for note in notes:  # within the page's width, without scrolling anything sideways
        box = note.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
