"""R-DUTY-5 in Chromium: an operator opens a camera's recordings, starts the playback
check, and the browser really plays the recorded segment; the viewing is audited."""

import datetime as dt

import av
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.recording import services, storage
from watchroom.recording.recorder.segmenter import FRAGMENTED_MP4

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _encode(path, seconds: int = 6, fps: int = 10):
    path.parent.mkdir(parents=True, exist_ok=True)
    source = av.open(f"testsrc2=size=320x240:rate={fps}", format="lavfi")
    with av.open(str(path), "w", format="mp4", options=FRAGMENTED_MP4) as out:
        stream = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "g": "10"})
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for n, frame in enumerate(source.decode(video=0)):
            if n == seconds * fps:
                break
            for packet in stream.encode(frame.reformat(format="yuv420p")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    source.close()


def test_r_duty_5_operator_plays_back_the_last_minutes(page, make_staff, area, site, settings,
                                                       tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings"}
    operator = make_staff(Role.OPERATOR, full_name="李强")
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-E2E", name="本机", site=site,
                                       kind="watchroom")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-PB-1", name="门诊大厅 1 号",
                                   area=area, recorder=recorder,
                                   stream_url="rtsp://192.0.2.10/1")
    start = timezone.now() - dt.timedelta(minutes=2)
    relpath = storage.segment_relpath(camera.pk, camera.code, start)
    _encode(storage.absolute(relpath))
    digest, size = files.sha256_file(storage.absolute(relpath))
    services.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=start,
                          end=start + dt.timedelta(seconds=6), relpath=relpath, size=size,
                          sha256=digest)

    page.goto("/login/")
    page.locator("#id_username").fill(operator.user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.goto(f"/recording/cameras/{camera.pk}/")
    page.get_by_role("link", name="回放检查").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("回放检查")
    player = page.get_by_test_id("player")
    expect(player).to_be_visible()
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return v && v.readyState >= 2 && v.currentTime > 1 && !v.error; }",
        timeout=20_000)
    assert page.evaluate("document.querySelector('video').videoWidth") == 320
    assert AuditEvent.objects.filter(action="recording.playback",
                                     actor_user_id=operator.user.pk).count() == 1
