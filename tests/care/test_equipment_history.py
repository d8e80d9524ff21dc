# ruff: noqa: F811  (the `client` fixture speaks English here)
"""Each item's history on one page (R-EQUIP-1): the archive's events, alerts,
replacement and end-of-day entries, in time order, and a registry other parts fill."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.care.english import _english, client  # noqa: F401  (English, this module only)
from tests.conftest import PASSWORD
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.care import history
from watchroom.care.services.reconciliation import reconciliation_sign
from watchroom.care.services.replacement import replacement_draft
from watchroom.core.choices import Role
from watchroom.devices import services as devices

pytestmark = pytest.mark.django_db


@pytest.fixture
def camera(area, system):
    return devices.camera_create(actor=system, code="H-1", name="门诊大厅", area=area)


def test_r_equip_1_history_lists_events_in_time_order(camera, system, make_staff, room,
                                                      site, user_of):
    devices.camera_update(actor=system, camera=camera, location="二楼")
    alert_raise(actor=system, kind="recording.gap", severity="warning", key="k:h1",
                message="无录像", target=camera)
    alert_close(actor=system, key="k:h1", note="恢复")
    head = make_staff(Role.SHIFT_LEAD)
    head.rooms.add(room)
    reconciliation_sign(actor=head.user, room=room, day=timezone.localdate(),
                        password=PASSWORD,
                        findings={"camera:faulty": "H-1 画面偏暗"})  # the gap opened a fault
    replacement_draft(actor=user_of(Role.TECHNICIAN), site=site, title="更换H-1",
                      reason="老化", planned_date=dt.date(2027, 1, 1), equipment=[camera])
    entries = history.equipment_history(camera)
    times = [e[0] for e in entries]
    assert times == sorted(times)
    texts = [e[2] for e in entries]
    assert texts[0].startswith("Camera added")
    assert any(t.startswith("Camera changed: location") for t in texts)
    assert any("无录像" in t for t in texts)
    assert any("closed" in t for t in texts)
    assert any("H-1 画面偏暗" in t for t in texts)
    assert texts[-1].startswith("Named in the replacement plan")


def test_r_equip_1_history_registry_takes_other_parts_sources(camera):
    when = timezone.now() - dt.timedelta(days=400)

    def repairs(equipment):
        return [(when, "repair", f"Lens replaced on {equipment.code}", "")]

    history.add_history_source(repairs)
    try:
        entries = history.equipment_history(camera)
        assert entries[0] == (when, "repair", "Lens replaced on H-1", "")
    finally:
        history.HISTORY_SOURCES.remove(repairs)


def test_r_equip_1_history_page_linked_from_the_item(client, camera, user_of):
    client.force_login(user_of(Role.OPERATOR))
    url = reverse("care:equipment_history", args=["camera", camera.pk])
    assert url in client.get(camera.get_absolute_url()).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Camera added" in page.content.decode()
    client.force_login(user_of(Role.REQUESTER))
    assert client.get(url).status_code == 403
    assert client.get(reverse("care:equipment_history", args=["boat", 1])).status_code == 404


def test_r_equip_1_history_holds_the_items_faults_and_repairs(camera, user_of):
    from watchroom.care.services import fault_repair_record, fault_repair_start, fault_report

    tech = user_of(Role.TECHNICIAN)
    fault = fault_report(actor=user_of(Role.OPERATOR), equipment=camera,
                         category="image_loss", description="黑屏")
    fault_repair_start(actor=tech, fault=fault)
    fault_repair_record(actor=tech, fault=fault, cause_found="电源适配器损坏",
                        work_done="更换电源适配器", password=PASSWORD)
    kinds = [(kind, text) for _at, kind, text, _link in history.equipment_history(camera)]
    assert ("fault", next(t for k, t in kinds if k == "fault")) in kinds
    assert any(k == "fault" and "Image loss" in t for k, t in kinds)
    assert any(k == "repair" and "更换电源适配器" in t for k, t in kinds)
