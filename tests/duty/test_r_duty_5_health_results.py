"""R-DUTY-5, R-EQUIP-3: the pre-shift check takes the cameras' health as the probes
found it: a camera whose last check found a problem fails the item, named with its
problem; a problem an approved block excuses does not; the operator can still fail it
for what they see on screen."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import SYSTEM
from tests.support.duty import at
from watchroom.devices import services as devices
from watchroom.duty import services
from watchroom.duty.selectors import checks
from watchroom.health.models import HealthCheck
from watchroom.recording import services as recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipped(room_shifts, area, system, clock):
    nvr = devices.recorder_create(actor=system, code="NVR1", name="门诊NVR",
                                  site=room_shifts.room.site, kind="watchroom")
    cameras = [devices.camera_create(actor=system, code=f"CAM{n}", name=f"门诊大厅{n}",
                                     area=area, recorder=nvr,
                                     stream_url=f"rtsp://192.0.2.{n}/main") for n in (1, 2)]
    clock(7, 40)
    for camera in cameras:
        recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=at(7, 35),
                               end=at(7, 40), relpath=f"{camera.code}/073500.mp4",
                               size=1000, sha256="0" * 64)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    clock(7, 45)
    recording.playback_open(actor=room_shifts.day[0], camera=cameras[0])
    room_shifts.cameras = cameras
    return room_shifts


def _checked(camera, problems=(), excused=None):
    return HealthCheck.objects.create(
        camera=camera, checked_at=at(7, 44) - dt.timedelta(seconds=camera.pk),
        reachable=True, ok=not problems or set(problems) <= set(excused or {}),
        problems=list(problems), excused=excused or {})


def _all_fine(shift):
    return {s.key: {"ok": True, "offset": 0 if s.kind == "clock" else None}
            for s in checks.checklist(shift.room)}


def _health_item(check):
    return check.items.get(kind="health")


def test_r_duty_5_a_camera_found_black_fails_the_health_item_by_name(equipped):
    first, second = equipped.cameras
    _checked(first)
    _checked(second, ["black"])
    [subject] = [s for s in checks.checklist(equipped.room) if s.kind == "health"]
    assert subject.measured
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=_all_fine(equipped))
    item = _health_item(check)
    assert not check.ok and not item.ok
    assert "CAM2" in item.note and "CAM1" not in item.note
    assert "黑屏" in item.note or "black" in item.note


def test_r_duty_5_healthy_or_excused_cameras_pass_unless_the_operator_sees_a_fault(
        equipped, client):
    first, second = equipped.cameras
    _checked(first)
    _checked(second, ["covered"], excused={"covered": "block 1"})
    client.force_login(equipped.day[0])
    page = client.get(reverse("duty:check", args=[equipped.room.pk])).content.decode()
    assert 'name="health:cameras:ok"' in page and 'data-testid="health-problems"' not in page
    results = _all_fine(equipped)
    results["health:cameras"] = {"ok": False, "note": "CAM1 画面有雪花"}
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results)
    assert not _health_item(check).ok and _health_item(check).note == "CAM1 画面有雪花"


def test_r_duty_5_no_health_item_before_any_camera_was_checked(equipped):
    assert [s for s in checks.checklist(equipped.room) if s.kind == "health"] == []
