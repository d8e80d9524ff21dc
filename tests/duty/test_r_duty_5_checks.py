"""R-DUTY-5: the pre-shift check of equipment, playback per recorder and clocks; a
playback marked fine needs a real playback; clocks off by more than 30 s fail; failed
items open alerts; unchecked shifts are listed."""


import pytest

from tests.conftest import SYSTEM
from tests.support.duty import at
from tests.support.time_server import TimeServer
from watchroom.alerts.models import Alert
from watchroom.devices import services as devices
from watchroom.duty import services
from watchroom.duty.models import ShiftCheck
from watchroom.duty.selectors import checks
from watchroom.recording import services as recording
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipped(room_shifts, area, system, clock):
    nvr = devices.recorder_create(actor=system, code="NVR1", name="门诊NVR",
                                  site=room_shifts.room.site, kind="watchroom")
    camera = devices.camera_create(actor=system, code="CAM1", name="门诊大厅", area=area,
                                   recorder=nvr)
    devices.display_create(actor=system, code="WALL1", name="电视墙", room=room_shifts.room)
    clock(7, 40)
    footage(camera, at(7, 35), at(7, 40))
    services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    room_shifts.nvr, room_shifts.camera = nvr, camera
    return room_shifts


def footage(camera, start, end):
    """A sealed recording of the camera (its catalogue entry; no file is read here)."""
    return recording.segment_seal(
        actor=SYSTEM, camera_id=camera.pk, start=start, end=end,
        relpath=f"{camera.code}/{start:%H%M%S}.mp4", size=1000, sha256="0" * 64)


def all_fine(shift, offset=3):
    return {s.key: {"ok": True, "offset": offset if s.kind == "clock" else None}
            for s in checks.checklist(shift.room)}


def test_r_duty_5_the_checklist_lists_equipment_playback_and_clocks(equipped):
    keys = [s.key for s in checks.checklist(equipped.room)]
    nvr = equipped.nvr.pk
    assert keys[0] == f"equipment:r{nvr}" and f"playback:r{nvr}" in keys
    assert f"clock:r{nvr}" in keys and any(k.startswith("equipment:d") for k in keys)


def test_r_duty_5_playback_marked_fine_needs_a_real_playback(equipped, clock):
    clock(7, 45)
    with pytest.raises(RuleViolation) as refused:
        services.check_submit(actor=equipped.day[0], room=equipped.room,
                            results=all_fine(equipped))
    assert refused.value.rule_id == "R-DUTY-5" and "Play back" in str(refused.value)
    recording.playback_open(actor=equipped.day[0], camera=equipped.camera)
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                results=all_fine(equipped))
    assert check.ok and check.shift_start == at(8)
    assert check.items.count() == 4
    with pytest.raises(RuleViolation, match="already checked"):
        services.check_submit(actor=equipped.day[0], room=equipped.room,
                            results=all_fine(equipped))


def standard_time(settings, offset_s):
    """This computer's clock `offset_s` from standard time (Watchroom's own recorder's
    clock, measured against the time server: R-DUTY-5)."""
    server = TimeServer(offset_s=-offset_s).start()
    settings.WATCHROOM = {**settings.WATCHROOM, "TIME_SERVER": server.address}
    return server


def test_r_duty_5_a_clock_off_by_more_than_30_s_fails_and_opens_an_alert(equipped, clock,
                                                                          settings):
    clock(7, 45)
    recording.playback_open(actor=equipped.day[0], camera=equipped.camera)
    server = standard_time(settings, -31)
    try:
        check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                      results=all_fine(equipped, offset=0))
    finally:
        server.stop()
    assert not check.ok
    failed = check.items.get(ok=False)
    assert failed.kind == "clock" and failed.offset_seconds == -31 and "31" in failed.note
    alert = Alert.objects.get(kind="duty.check_failed")
    assert "NVR1" in alert.message or "门诊NVR" in alert.message


def test_r_duty_5_within_tolerance_passes(equipped, clock, settings):
    clock(7, 45)
    recording.playback_open(actor=equipped.day[0], camera=equipped.camera)
    server = standard_time(settings, 29)
    try:
        assert services.check_submit(actor=equipped.day[0], room=equipped.room,
                                     results=all_fine(equipped, offset=0)).ok
    finally:
        server.stop()


def test_r_duty_5_every_item_must_be_checked_and_failures_explained(equipped, clock):
    clock(7, 45)
    results = all_fine(equipped)
    results.pop(f"equipment:r{equipped.nvr.pk}")
    with pytest.raises(RuleViolation, match="Not checked yet"):
        services.check_submit(actor=equipped.day[0], room=equipped.room, results=results)
    results = all_fine(equipped)
    results[f"equipment:r{equipped.nvr.pk}"] = {"ok": False}
    results[f"playback:r{equipped.nvr.pk}"] = {"ok": False, "note": "画面卡顿"}
    with pytest.raises(RuleViolation, match="what is wrong"):
        services.check_submit(actor=equipped.day[0], room=equipped.room, results=results)
    assert not ShiftCheck.objects.exists() and not Alert.objects.exists()


def test_r_duty_5_only_someone_clocked_on_checks(equipped, clock):
    clock(7, 45)
    with pytest.raises(RuleViolation, match="Clock on"):
        services.check_submit(actor=equipped.day[1], room=equipped.room,
                            results=all_fine(equipped))


def test_r_duty_5_unchecked_shifts_are_visible(equipped, clock):
    clock(7, 45)
    recording.playback_open(actor=equipped.day[0], camera=equipped.camera)
    services.check_submit(actor=equipped.day[0], room=equipped.room, results=all_fine(equipped))
    missing = checks.unchecked(equipped.room, at(0), at(17))
    assert [s.start for s in missing] == [at(0), at(16)]


def test_r_duty_5_a_playback_that_found_no_footage_fails_the_item(equipped, clock, area):
    """Marked fine or not, a playback that found no recording fails the item and alerts
    the room head, like any failed item."""
    empty = devices.camera_create(actor=SYSTEM, code="CAM2", name="急诊门口", area=area,
                                  recorder=equipped.nvr)
    clock(7, 45)
    found_nothing = recording.playback_open(actor=equipped.day[0], camera=empty)
    assert found_nothing == []
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                results=all_fine(equipped))
    assert not check.ok
    failed = check.items.get(ok=False)
    assert failed.kind == "playback" and "CAM2" in failed.note
    alert = Alert.objects.get(kind="duty.check_failed")
    assert "CAM2" in alert.message and "R-DUTY-5" in alert.message


def test_r_duty_5_playing_the_camera_again_once_it_records_clears_it(equipped, clock):
    clock(7, 55)  # the last 10 minutes hold no footage: the recording stopped at 07:40
    assert recording.playback_open(actor=equipped.day[0], camera=equipped.camera) == []
    footage(equipped.camera, at(7, 50), at(7, 56))
    clock(7, 57)
    assert recording.playback_open(actor=equipped.day[0], camera=equipped.camera)
    assert services.check_submit(actor=equipped.day[0], room=equipped.room,
                               results=all_fine(equipped)).ok


def test_r_duty_5_the_page_offers_no_fine_for_a_group_without_footage(equipped, clock, client):
    client.force_login(equipped.day[0])
    group = next(s for s in checks.checklist(equipped.room) if s.kind == "playback")
    fine = f'name="{group.key}:ok" value="1"'
    clock(7, 45)
    assert checks.without_footage(group) == []
    assert fine in client.get(f"/duty/check/{equipped.room.pk}/").content.decode()
    clock(7, 55)
    assert checks.without_footage(group) == [equipped.camera]
    page = client.get(f"/duty/check/{equipped.room.pk}/").content.decode()
    assert fine not in page
    assert f'name="{group.key}:ok" value="0" checked' in page
    assert 'data-testid="no-footage"' in page and "CAM1" in page


def test_r_duty_5_a_group_on_an_outside_recorder_is_played_back_on_that_recorder(
        equipped, clock, client, area):
    """Watchroom holds no footage of cameras an outside NVR records: their playback is
    checked on that recorder, the operator's word is recorded as such, and no alert is
    raised every shift for footage Watchroom was never meant to hold."""
    outside = devices.recorder_create(actor=SYSTEM, code="NVR9", name="住院部NVR",
                                      site=equipped.room.site, kind="nvr")
    devices.camera_create(actor=SYSTEM, code="CAM9", name="住院部走廊", area=area,
                          recorder=outside)
    group = next(s for s in checks.checklist(equipped.room) if s.recorder_id == outside.pk
                 and s.kind == "playback")
    assert checks.without_footage(group) == []
    client.force_login(equipped.day[0])
    clock(7, 45)
    page = client.get(f"/duty/check/{equipped.room.pk}/").content.decode()
    assert f'name="{group.key}:ok" value="1"' in page
    assert 'data-testid="outside-recorder"' in page
    recording.playback_open(actor=equipped.day[0], camera=equipped.camera)
    check = services.check_submit(actor=equipped.day[0], room=equipped.room,
                                results=all_fine(equipped))
    assert check.ok and not Alert.objects.exists()
    item = check.items.get(kind="playback", subject=str(outside))
    assert item.ok and "住院部NVR" in item.note
