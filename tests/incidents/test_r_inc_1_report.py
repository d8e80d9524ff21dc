"""R-INC-1: an incident is reported directly, from a duty-log anomaly entry (the wall's
report keeps its picture, linked, not copied) or from an alert; the entry and the alert
offer "turn into an incident"; attachments are kept under their SHA-256."""

import hashlib

import pytest

from tests.conftest import SYSTEM
from tests.incidents.conftest import report
from tests.live.scene import picture
from watchroom.alerts.services import alert_raise
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.duty import pictures
from watchroom.duty.services import log_entry_write
from watchroom.incidents import files, services
from watchroom.incidents.models import IncidentAttachment
from watchroom.live.services import wall_report
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_inc_1_an_incident_records_time_place_camera_and_who_was_told(scene):
    incident = report(scene, cameras=[scene.gate])
    assert (incident.room, incident.site, incident.area) == (scene.room, scene.site,
                                                             scene.area)
    assert list(incident.cameras.all()) == [scene.gate]
    assert (incident.status, incident.source, incident.told) == ("open", "direct", "保安队长")
    assert incident.events.first().kind == "created"
    assert AuditEvent.objects.filter(action="incident.created",
                                     target_id=str(incident.pk)).exists()


def test_r_inc_1_from_the_wall_report_s_log_entry_keeps_the_picture(scene):
    data = picture()
    entry = wall_report(actor=scene.operator, camera=scene.gate, picture=data,
                        seen="东门有人翻越栏杆", told="值班干部")
    incident = services.incident_from_log_entry(actor=scene.operator, entry=entry,
                                                category="trespass")
    assert (incident.source, incident.log_entry, incident.occurred_at) == (
        "wall_report", entry, entry.at)
    assert (incident.seen, incident.told, incident.area) == ("东门有人翻越栏杆", "值班干部",
                                                             scene.area)
    assert list(incident.cameras.all()) == [scene.gate]
    attached = incident.attachments.get()
    assert attached.log_picture == entry.picture and attached.relpath == ""
    assert attached.sha256 == hashlib.sha256(data).hexdigest()
    assert files.attachment_path(attached) == pictures.picture_path(entry.picture.relpath)
    assert files.attachment_path(attached).read_bytes() == data
    assert not files.folder().exists()  # linked, not copied
    assert incident.holds.get().cameras.filter(pk=scene.gate.pk).exists()  # R-INC-3


def test_r_inc_1_only_an_anomaly_entry_becomes_an_incident_once(scene):
    routine = log_entry_write(actor=scene.operator, room=scene.room, seen="巡查正常",
                              category="routine")
    with pytest.raises(RuleViolation):
        services.incident_from_log_entry(actor=scene.operator, entry=routine)
    anomaly = log_entry_write(actor=scene.operator, room=scene.room, seen="三号门有人徘徊",
                              category="anomaly", camera=scene.hall)
    first = services.incident_from_log_entry(actor=scene.operator, entry=anomaly)
    assert first.source == "log_entry" and not first.attachments.exists()
    with pytest.raises(RuleViolation):
        services.incident_from_log_entry(actor=scene.operator, entry=anomaly)


def test_r_inc_1_from_an_alert(scene):
    alert, _created = alert_raise(actor=SYSTEM, kind="recording.gap", severity="critical",
                                  key="gap:test", message="东门摄像机录像中断",
                                  target=scene.gate)
    incident = services.incident_from_alert(actor=scene.operator, alert=alert,
                                            cameras=[scene.gate])
    assert (incident.source, incident.alert, incident.title) == ("alert", alert,
                                                                 "东门摄像机录像中断")
    assert incident.occurred_at == alert.opened_at
    with pytest.raises(RuleViolation):
        services.incident_from_alert(actor=scene.operator, alert=alert)


def test_r_inc_1_who_may_not_report_is_refused(scene, user_of):
    technician = user_of("technician")
    with pytest.raises(RuleViolation) as refused:
        report(scene, actor=technician)
    assert refused.value.status == 403


def test_r_inc_1_an_attachment_is_kept_under_its_hash(scene):
    incident = report(scene)
    data = picture("png")
    attachment = services.incident_attach(actor=scene.operator, incident=incident,
                                          name="现场.png", data=data)
    digest = hashlib.sha256(data).hexdigest()
    assert attachment.sha256 == digest and digest in attachment.relpath
    assert files.attachment_path(attachment).read_bytes() == data
    incident.refresh_from_db()
    assert incident.status == "handling"
    with pytest.raises(RuleViolation) as refused:
        services.incident_attach(actor=scene.operator, incident=incident, name="x.pdf",
                                 data=b"not a document")
    assert refused.value.fields.get("file")
    assert IncidentAttachment.objects.count() == 1


def test_r_inc_1_the_log_and_the_alert_offer_turning_into_an_incident(client, scene):
    entry = log_entry_write(actor=scene.operator, room=scene.room, seen="三号门有人徘徊",
                            category="anomaly")
    alert, _created = alert_raise(actor=SYSTEM, kind="recording.gap", severity="critical",
                                  key="gap:page", message="录像中断", target=scene.gate)
    client.force_login(scene.operator)
    link = f"/incidents/from-entry/{entry.pk}/"
    assert link in client.get(f"/duty/log/{scene.room.pk}/").content.decode()
    assert f"/incidents/from-alert/{alert.pk}/" in client.get(
        f"/alerts/{alert.pk}/").content.decode()
    response = client.post(link, {"category": "suspicious", "grade": "general", "told": ""})
    incident = entry.__class__.objects.get(pk=entry.pk).incident
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    log = client.get(f"/duty/log/{scene.room.pk}/").content.decode()
    assert link not in log and f"/incidents/{incident.pk}/" in log


def test_r_inc_1_the_others_on_duty_are_told_to_go_to_the_scene(scene, make_staff):
    from watchroom.duty import services as duty

    colleague = make_staff(Role.OPERATOR, rooms=[scene.room], full_name="赵巡逻").user
    away = make_staff(Role.OPERATOR, rooms=[scene.room], full_name="钱休息").user
    for person in (scene.operator, colleague):
        duty.attendance_clock_on(actor=person, room=scene.room)
    incident = report(scene)
    told = colleague.notifications.get(link=incident.get_absolute_url())
    assert "东门有人打架" in told.text
    assert not away.notifications.filter(link=incident.get_absolute_url()).exists()
    assert not scene.operator.notifications.filter(link=incident.get_absolute_url()).exists()
