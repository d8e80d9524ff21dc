import pytest
from django.db import connection

from tests.devices.conftest import events
from watchroom.audit.models import AuditEvent
from watchroom.devices import services
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_equip_1_camera_create_keeps_archive_fields_and_audits_them(area, recorder, system):
    camera = services.camera_create(
        actor=system, code="C-001", name="门诊大厅东", area=area, recorder=recorder,
        stream_url="rtsp://10.0.0.1/main", supplier="海康威视", model_name="DS-2CD",
        serial_no="SN-1", install_date="2024-03-05", location="门诊一楼",
    )
    camera.refresh_from_db()
    assert camera.area.department == area.department
    assert str(camera.install_date) == "2024-03-05"
    (event,) = events("camera.created", camera)
    assert event["data"]["new"]["serial_no"] == "SN-1"
    assert event["data"]["new"]["area"] == area.pk
    assert event["data"]["password_set"] is False


def test_r_equip_1_camera_update_audits_old_and_new_values(camera, system):
    services.camera_update(actor=system, camera=camera, location="急诊二楼",
                           status=EquipmentStatus.FAULTY)
    (event,) = events("camera.updated", camera)
    assert event["data"]["changes"]["location"] == ["", "急诊二楼"]
    assert event["data"]["changes"]["status"] == ["in_service", "faulty"]
    assert "password_changed" not in event["data"]


def test_r_equip_1_camera_update_without_change_writes_no_event(camera, system):
    services.camera_update(actor=system, camera=camera, name=camera.name)
    assert events("camera.updated", camera) == []


def test_r_equip_1_camera_password_is_encrypted_at_rest(camera):
    with connection.cursor() as cursor:
        cursor.execute("SELECT password_encrypted FROM devices_camera WHERE id = %s",
                       [camera.pk])
        (raw,) = cursor.fetchone()
    assert raw and "Cam-secret-1" not in raw
    assert Camera.objects.get(pk=camera.pk).password == "Cam-secret-1"


def test_r_equip_1_camera_password_never_in_audit_data(camera, system):
    services.camera_update(actor=system, camera=camera, password="Cam-secret-2")
    camera.refresh_from_db()
    assert camera.password == "Cam-secret-2"
    (created,) = events("camera.created", camera)
    (updated,) = events("camera.updated", camera)
    assert created["data"]["password_set"] is True
    updated["data"].pop("ctx", None)
    assert updated["data"] == {"changes": {}, "password_changed": True}
    for event in AuditEvent.objects.all():
        assert "Cam-secret" not in event.data
        assert camera.password_encrypted not in event.data


def test_r_equip_1_camera_update_keeps_password_when_none_given(camera, system):
    services.camera_update(actor=system, camera=camera, name="新名称")
    camera.refresh_from_db()
    assert camera.password == "Cam-secret-1"


@pytest.mark.parametrize("field", ["code", "serial_no", "stream_url"])
def test_r_equip_1_duplicate_camera_is_refused_and_nothing_changes(make_camera, system, field):
    first = make_camera(serial_no="SN-DUP")
    values = {"code": "OTHER", "serial_no": "SN-OTHER", "stream_url": "rtsp://other/x",
              field: getattr(first, field)}
    before = (Camera.objects.count(), AuditEvent.objects.exclude(action="rule.refused").count())
    with pytest.raises(RuleViolation) as caught:
        services.camera_create(actor=system, name="重复", area=first.area, **values)
    assert field in caught.value.fields
    assert getattr(first, field) in caught.value.fields[field][0]
    written = AuditEvent.objects.exclude(action="rule.refused").count()
    assert (Camera.objects.count(), written) == before


def test_r_equip_1_update_to_duplicate_code_is_refused_and_object_restored(make_camera, system):
    first, second = make_camera(), make_camera(password="old-pass")
    with pytest.raises(RuleViolation) as caught:
        services.camera_update(actor=system, camera=second, code=first.code, password="x")
    assert "code" in caught.value.fields
    assert second.code != first.code
    assert second.password == "old-pass"
    second.refresh_from_db()
    assert second.password == "old-pass"
    assert events("camera.updated", second) == []


def test_r_equip_1_over_long_field_is_refused(area, system):
    with pytest.raises(RuleViolation) as caught:
        services.camera_create(actor=system, code="C" * 41, name="x", area=area)
    assert "code" in caught.value.fields
    assert not Camera.objects.exists()


def test_r_equip_1_services_refuse_fields_they_do_not_own(camera, system):
    with pytest.raises(TypeError):
        services.camera_update(actor=system, camera=camera, password_encrypted="forged")


def test_r_equip_1_other_equipment_create_and_update_audited(site, room, recorder, system):
    storage = services.storage_create(actor=system, code="ST-1", name="磁盘阵列", site=site,
                                      recorder=recorder, capacity_tb="48.00")
    display = services.display_create(actor=system, code="DS-1", name="电视墙", room=room,
                                      size_inches=55)
    services.recorder_update(actor=system, recorder=recorder, channels=32)
    services.storage_update(actor=system, storage=storage, status=EquipmentStatus.RETIRED)
    services.display_update(actor=system, display=display, size_inches=65)
    assert events("recorder.updated", recorder)[0]["data"]["changes"]["channels"] == [16, 32]
    assert events("storage.created", storage)[0]["data"]["new"]["code"] == "ST-1"
    assert events("storage.updated", storage)[0]["data"]["changes"]["status"][1] == "retired"
    assert events("display.updated", display)[0]["data"]["changes"]["size_inches"] == [55, 65]


def test_r_equip_1_duplicate_recorder_serial_refused(site, recorder, system):
    services.recorder_update(actor=system, recorder=recorder, serial_no="R-SN")
    with pytest.raises(RuleViolation) as caught:
        services.recorder_create(actor=system, code="NVR-X", name="x", site=site,
                                 serial_no="R-SN")
    assert "serial_no" in caught.value.fields


def test_r_equip_1_all_problems_reported_together(camera, system):
    with pytest.raises(RuleViolation) as caught:
        services.camera_create(actor=system, code=camera.code, name="", area=camera.area,
                               serial_no="S" * 101)
    assert set(caught.value.fields) == {"code", "name", "serial_no"}
