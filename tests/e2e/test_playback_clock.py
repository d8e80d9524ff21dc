"""The playback clock tells the site's time (settings.TIME_ZONE), not the browser's: a
workstation set to another zone still reads Beijing time under the video."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, SYSTEM
from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.recording import services, storage

from .conftest import TIMEOUT_MS
from .test_playback_check import _encode

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _seconds_of_day(text: str) -> int:
    """The clock reads "2026-11-28 07:39:04.5"."""
    hours, minutes, seconds = (int(float(part)) for part in text.split()[-1].split(":"))
    return hours * 3600 + minutes * 60 + seconds


def test_the_playback_clock_shows_the_sites_time_in_a_browser_elsewhere(
        browser, live_server, make_staff, area, site, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings"}
    operator = make_staff(Role.OPERATOR, full_name="李强")
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-CLK", name="本机", site=site,
                                       kind="watchroom")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-CLK-1", name="门诊大厅 1 号",
                                   area=area, recorder=recorder,
                                   stream_url="rtsp://192.0.2.11/1")
    start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=2)
    relpath = storage.segment_relpath(camera.pk, camera.code, start)
    _encode(storage.absolute(relpath))
    digest, size = files.sha256_file(storage.absolute(relpath))
    services.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=start,
                          end=start + dt.timedelta(seconds=6), relpath=relpath, size=size,
                          sha256=digest)

    context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                  timezone_id="America/New_York")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/login/")
    page.locator("#id_username").fill(operator.user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    page.goto(f"/recording/cameras/{camera.pk}/playback/")
    page.wait_for_function(
        "() => { const v = document.querySelector('video'),"
        " c = document.querySelector('[data-testid=clock]');"
        " return v && v.currentTime > 1 && c && c.textContent.length > 0; }",
        timeout=20_000)
    shown = _seconds_of_day(page.get_by_test_id("clock").inner_text())
    local = timezone.localtime(start)
    begins = local.hour * 3600 + local.minute * 60 + local.second
    assert 0 <= (shown - begins) % 86400 <= 8, (page.get_by_test_id("clock").inner_text(), local)
    context.close()
