"""R-DUTY-5: the recorder's clock measured, not typed. A recorder with an ONVIF address
(a real device service on loopback, its clock set off) has its clock read when the
pre-shift check is recorded, or a reading younger than two minutes is taken; beyond the
profile's tolerance the item fails with the measured offset; a typed offset does not
override the measurement, on the page or over the API. A recorder without an ONVIF
address still has its offset typed, and the page says why; Watchroom's own recorder
without one is this computer's clock, measured against the time server."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import SYSTEM
from tests.support.duty import at
from tests.support.onvif_device import OnvifDevice, SilentDevice
from tests.support.time_server import TimeServer
from watchroom.alerts.models import Alert
from watchroom.devices import services as devices
from watchroom.duty import services
from watchroom.duty.selectors import checks
from watchroom.health.models import ClockReading
from watchroom.health.services.clock import clock_measure
from watchroom.recording import services as recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def device():
    with OnvifDevice(username="admin", password="nvr-pass") as d:
        yield d


@pytest.fixture
def equipped(room_shifts, area, system, clock, device):
    nvr = devices.recorder_create(actor=system, code="NVR1", name="门诊NVR",
                                  site=room_shifts.room.site, kind="watchroom",
                                  onvif_address=device.address, username="admin",
                                  password="nvr-pass")
    camera = devices.camera_create(actor=system, code="CAM1", name="门诊大厅", area=area,
                                   recorder=nvr)
    clock(7, 40)
    recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=at(7, 35), end=at(7, 40),
                           relpath="CAM1/073500.mp4", size=1000, sha256="0" * 64)
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    clock(7, 45)
    recording.playback_open(actor=room_shifts.day[0], camera=camera)
    room_shifts.nvr, room_shifts.camera = nvr, camera
    return room_shifts


def results(shift, offset=None):
    """Every item fine; `offset` typed for the clocks (None: nothing typed)."""
    return {s.key: {"ok": True, "offset": offset if s.kind == "clock" else None}
            for s in checks.checklist(shift.room)}


def clock_item(check):
    return check.items.get(kind="clock")


def test_r_duty_5_a_clock_95_s_off_fails_with_the_measured_offset(equipped, device):
    device.offset_s = 95
    [subject] = [s for s in checks.checklist(equipped.room) if s.kind == "clock"]
    assert subject.measured
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results(equipped))
    item = clock_item(check)
    assert not check.ok and not item.ok and item.offset_seconds == 95
    assert item.clock_reading is not None and item.clock_reading.recorder == equipped.nvr
    assert "95" in item.note and "30" in item.note
    assert device.requests == ["GetSystemDateAndTime"]
    assert Alert.objects.filter(kind="duty.check_failed").exists()
    assert Alert.objects.filter(kind="health.clock", closed_at__isnull=True).exists()


def test_r_duty_5_a_clock_2_s_off_passes(equipped, device):
    device.offset_s = 2
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results(equipped))
    item = clock_item(check)
    assert check.ok and item.ok and item.offset_seconds == 2


def test_r_duty_5_a_typed_0_does_not_override_the_measurement(equipped, device):
    device.offset_s = 95
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results(equipped, offset=0))
    item = clock_item(check)
    assert not item.ok and item.offset_seconds == 95


def test_r_duty_5_a_reading_younger_than_two_minutes_is_taken(equipped, device, clock):
    device.offset_s = 95
    clock(7, 44)
    clock_measure(actor=SYSTEM, equipment=equipped.nvr)  # the periodic job's reading
    device.offset_s = 0  # (the check does not ask again)
    clock(7, 45, 30)
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results(equipped))
    assert clock_item(check).offset_seconds == 95
    assert device.requests == ["GetSystemDateAndTime"]


def test_r_duty_5_an_older_reading_is_taken_again(equipped, device, clock):
    device.offset_s = 95
    clock(7, 40)
    clock_measure(actor=SYSTEM, equipment=equipped.nvr)
    device.offset_s = 1
    clock(7, 45)
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results(equipped))
    assert clock_item(check).ok and clock_item(check).offset_seconds == 1
    assert ClockReading.objects.filter(recorder=equipped.nvr).count() == 2


def test_r_duty_5_a_clock_that_cannot_be_read_fails_the_item(equipped, system):
    with SilentDevice() as silent:
        devices.recorder_update(actor=system, recorder=equipped.nvr,
                                onvif_address=silent.address)
        check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                      results=results(equipped, offset=0))
    item = clock_item(check)
    assert not item.ok and item.offset_seconds is None and "no answer" in item.note


def test_r_duty_5_a_recorder_without_onvif_is_still_typed(equipped, system, device):
    devices.recorder_update(actor=system, recorder=equipped.nvr, kind="nvr", onvif_address="")
    [subject] = [s for s in checks.checklist(equipped.room) if s.kind == "clock"]
    assert not subject.measured
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                  results=results(equipped, offset=-31))
    assert clock_item(check).offset_seconds == -31 and not clock_item(check).ok
    assert clock_item(check).clock_reading is None and device.requests == []


def test_r_duty_5_the_page_shows_the_measured_offset_read_only(equipped, device, client):
    device.offset_s = 95
    clock_measure(actor=SYSTEM, equipment=equipped.nvr)
    client.force_login(equipped.day[0])
    page = client.get(reverse("duty:check", args=[equipped.room.pk])).content.decode()
    key = f"clock:r{equipped.nvr.pk}"
    assert f'name="{key}:offset"' not in page
    assert 'data-testid="clock-measured"' in page and ">95<" in page
    assert 'data-testid="clock-typed"' not in page
    posted = {f"{s.key}:ok": "1" for s in checks.checklist(equipped.room)
              if s.kind != "clock"}
    posted[f"{key}:offset"] = "0"  # typed by hand into the request: ignored
    client.post(reverse("duty:check", args=[equipped.room.pk]), posted)
    item = clock_item(equipped.room.checks.get())
    assert item.offset_seconds == 95 and not item.ok


def test_r_duty_5_the_page_says_when_the_offset_is_typed(equipped, system, client):
    devices.recorder_update(actor=system, recorder=equipped.nvr, kind="nvr", onvif_address="")
    client.force_login(equipped.day[0])
    page = client.get(reverse("duty:check", args=[equipped.room.pk])).content.decode()
    assert f'name="clock:r{equipped.nvr.pk}:offset"' in page
    assert 'data-testid="clock-typed"' in page


def test_r_duty_5_the_api_ignores_a_typed_offset_for_a_measured_clock(equipped, device):
    device.offset_s = 95
    api = APIClient()
    api.force_authenticate(equipped.day[0])
    listed = api.get("/api/duty/checks/checklist/", {"room": equipped.room.pk}).json()
    assert [i["measured"] for i in listed if i["kind"] == "clock"] == [True]
    body = {"room": equipped.room.pk, "results": [
        {"key": k, "ok": True, "offset": 0 if k.startswith("clock") else None}
        for k in results(equipped)]}
    answer = api.post("/api/duty/checks/", body, format="json")
    assert answer.status_code == 201, answer.content
    [item] = [i for i in answer.json()["items"] if i["kind"] == "clock"]
    assert item["offset_seconds"] == 95 and item["ok"] is False
    assert item["clock_reading"] is not None


@pytest.fixture
def own_recorder(equipped, system, settings):
    """The recorder is Watchroom's own, without an ONVIF address: this computer."""
    devices.recorder_update(actor=system, recorder=equipped.nvr, onvif_address="")
    return equipped


def time_server_at(settings, server):
    settings.WATCHROOM = {**settings.WATCHROOM, "TIME_SERVER": server.address}


@pytest.mark.parametrize(("server_offset", "ok"), [(-95.0, False), (0.4, True)])
def test_r_duty_5_watchroom_s_own_recorder_is_measured_against_the_time_server(
        own_recorder, settings, server_offset, ok):
    [subject] = [s for s in checks.checklist(own_recorder.room) if s.kind == "clock"]
    assert subject.measured
    with TimeServer(offset_s=server_offset) as server:
        time_server_at(settings, server)
        check = services.check_submit(actor=own_recorder.day[0], room=own_recorder.room,
                                      results=results(own_recorder, offset=0))
        assert server.requests == 1
    item = clock_item(check)
    assert item.ok is ok and item.offset_seconds == round(-server_offset)
    assert item.clock_reading.recorder == own_recorder.nvr


def test_r_duty_5_an_unanswering_time_server_fails_the_own_recorder_s_clock(
        own_recorder, settings):
    with TimeServer(silent=True) as server:
        time_server_at(settings, server)
        check = services.check_submit(actor=own_recorder.day[0], room=own_recorder.room,
                                      results=results(own_recorder, offset=0))
    item = clock_item(check)
    assert not item.ok and item.offset_seconds is None
    assert "time server" in item.note or "时间服务器" in item.note


def test_r_duty_5_the_page_shows_the_own_recorder_s_clock_read_only(own_recorder, settings,
                                                                      client):
    with TimeServer(offset_s=-95) as server:
        time_server_at(settings, server)
        clock_measure(actor=SYSTEM, equipment=own_recorder.nvr)
    client.force_login(own_recorder.day[0])
    page = client.get(reverse("duty:check", args=[own_recorder.room.pk])).content.decode()
    assert f'name="clock:r{own_recorder.nvr.pk}:offset"' not in page
    assert 'data-testid="clock-measured"' in page and ">95<" in page
    hint = page.split("clock-measured")[1][:600]
    assert "this computer's clock against standard time" in hint and "ONVIF" not in hint
