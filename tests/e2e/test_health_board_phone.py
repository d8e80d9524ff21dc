"""R-EQUIP-3: the health board and a camera's history fit a phone's width (390 px): the
technician reads them and presses "check now" on a phone."""

import numpy as np
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.health import probe
from watchroom.health.services.probes import health_check_record

from .test_footage_request import login
from .test_phone_width import HEIGHT, WIDTH, _fits, _on_screen

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_r_equip_3_the_health_board_fits_a_phone(page, area, make_staff, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "HEALTH_PICTURES_DIR": tmp_path / "health"}
    long_name = "门诊大厅东侧三号门附近消防通道入口上方的半球摄像机"
    cameras = [devices.camera_create(actor=SYSTEM, code=f"CAM-{n:03d}", name=f"{long_name} {n}",
                                     area=area, stream_url=f"rtsp://192.0.2.9/{n}",
                                     resolution="1920x1080") for n in range(6)]
    for camera, problems in zip(cameras, (["black"], ["stream", "blurred"], [], ["dark"]),
                                strict=False):
        seen = probe.Observation(
            checked_at=timezone.now(), reachable=True, source="pull", problems=problems,
            codec="h264", width=1920, height=1080, fps=25.0, kbps=4096,
            verdicts={c: {"status": "fail", "score": 0.12345, "threshold": 12.0}
                      for c in problems})
        seen.picture = probe.keep_picture(camera, np.full((1080, 1920, 3), 90, np.uint8),
                                          seen.checked_at)
        health_check_record(actor=SYSTEM, camera=camera, result=seen)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(page, make_staff(Role.TECHNICIAN).user)
    page.goto("/health/")
    expect(page.get_by_test_id("health-tile")).to_have_count(6)
    _fits(page)
    _on_screen(page.get_by_role("heading", level=1))
    _on_screen(page.get_by_test_id("health-tile").first)
    page.goto(f"/health/cameras/{cameras[1].pk}/")
    _fits(page)
    _on_screen(page.get_by_test_id("probe-now"))
    expect(page.get_by_test_id("health-picture")).to_be_visible()
