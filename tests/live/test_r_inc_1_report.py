"""R-INC-1: the wall's report key writes the duty log's anomaly entry with the tile's
picture (R-DUTY-4 decides who may write), the picture's hash in the entry's audit event;
a picture that is not really a JPEG or PNG of sane size is refused. The picture is shown
to those who read the log and may see the camera (R-FOOT-6), in the page only (R-FOOT-5)."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.live.scene import picture, refusals
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.duty import pictures
from watchroom.duty.models import LogEntry, LogPicture
from watchroom.live.services import wall_report
from watchroom.rules import RuleViolation


def _report(client, camera, data: bytes, name="report.jpg", headers=None, **fields):
    return client.post("/wall/report/", headers=headers, data={
        "camera": camera.pk, "seen": fields.get("seen", "东门有人翻越栏杆"),
        "done": "通知保安到场", "told": "值班干部周组长",
        "picture": SimpleUploadedFile(name, data, content_type="image/jpeg")})


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_r_inc_1_the_report_writes_an_anomaly_entry_with_the_picture(client, wall, kind):
    data = picture(kind)
    client.force_login(wall.operator)
    response = _report(client, wall.gate, data)
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get(pk=response.json()["entry"])
    assert (entry.category, entry.camera, entry.area, entry.room) == (
        "anomaly", wall.gate, wall.area, wall.room)
    assert (entry.seen, entry.done, entry.told) == ("东门有人翻越栏杆", "通知保安到场",
                                                   "值班干部周组长")
    digest = hashlib.sha256(data).hexdigest()
    stored = LogPicture.objects.get(entry=entry)
    assert stored.sha256 == digest and stored.content_type == f"image/{kind}"
    assert (stored.width, stored.height) == (320, 180)
    assert pictures.picture_path(stored.relpath).read_bytes() == data
    event = AuditEvent.objects.get(action="duty.log_written", target_id=str(entry.pk))
    assert json.loads(event.data)["picture"]["sha256"] == digest


def test_r_inc_1_the_picture_shows_on_the_log_to_its_readers(client, wall):
    data = picture()
    entry = wall_report(actor=wall.operator, camera=wall.gate, picture=data,
                        seen="东门有人翻越栏杆")
    client.force_login(wall.head)
    log = client.get(f"/duty/log/{wall.room.pk}/").content.decode()
    assert f"/duty/log/entries/{entry.pk}/picture/" in log
    shown = client.get(f"/duty/log/entries/{entry.pk}/picture/")
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content) == data
    assert shown["Content-Disposition"] == "inline"


def test_r_foot_6_a_picture_of_a_sensitive_camera_is_not_shown_outside_its_scope(client,
                                                                                 wall):
    entry = wall_report(actor=wall.head, camera=wall.ward, picture=picture(),
                        seen="走廊有人摔倒")
    client.force_login(wall.operator)
    assert client.get(f"/duty/log/entries/{entry.pk}/picture/").status_code == 403
    log = client.get(f"/duty/log/{wall.room.pk}/").content.decode()
    assert f"/duty/log/entries/{entry.pk}/picture/" not in log
    assert 'data-testid="log-picture-hidden"' in log


def test_r_foot_6_no_report_on_a_camera_outside_the_person_s_scope(client, wall):
    client.force_login(wall.operator)
    response = _report(client, wall.ward, picture())
    assert response.status_code == 403 and response.json()["rule"] == "R-FOOT-6"
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize("data", [
    b"not a picture at all",
    b"\xff\xd8\xff\xe0" + b"\0" * 500,  # a JPEG's first bytes and nothing of a picture
    b"GIF89a" + b"\0" * 100,
], ids=["text", "jpeg-header-only", "gif"])
def test_r_inc_1_a_picture_that_is_not_a_jpeg_or_png_is_refused(client, wall, data):
    client.force_login(wall.operator)
    response = _report(client, wall.gate, data)
    assert response.status_code == 400
    assert response.json()["rule"] == "R-INC-1" and "picture" in response.json()["fields"]
    assert not LogEntry.objects.exists() and not LogPicture.objects.exists()
    assert refusals("R-INC-1", wall.operator) == 1


def test_r_inc_1_a_picture_too_large_or_too_small_is_refused(wall):
    for data in (picture(width=8, height=8), picture() + b"\0" * (pictures.MAX_BYTES + 1)):
        with pytest.raises(RuleViolation) as refused:
            wall_report(actor=wall.operator, camera=wall.gate, picture=data, seen="x")
        assert refused.value.status == 400
    assert not LogEntry.objects.exists()


def test_r_duty_4_who_may_not_write_the_log_may_not_report(wall, make_staff):
    technician = make_staff(Role.TECHNICIAN).user
    with pytest.raises(RuleViolation) as refused:
        wall_report(actor=technician, camera=wall.gate, picture=picture(), seen="x",
                    room=wall.room)
    assert refused.value.rule_id == "R-DUTY-4"
    assert refusals("R-DUTY-4", technician) == 1


def test_r_duty_4_the_database_keeps_a_reported_picture_as_it_was(wall):
    from django.db import connection

    from tests.support.duty import db_refuses

    entry = wall_report(actor=wall.operator, camera=wall.gate, picture=picture(), seen="x")
    stored = LogPicture.objects.get(entry=entry)
    db_refuses("UPDATE duty_logpicture SET sha256 = %s WHERE id = %s", ["0" * 64, stored.pk])
    db_refuses("DELETE FROM duty_logpicture WHERE id = %s", [stored.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        db_refuses("TRUNCATE duty_logpicture CASCADE")  # CASCADE: incidents link pictures
    assert LogPicture.objects.get(pk=stored.pk).sha256 == stored.sha256


def _stored() -> set:
    folder = pictures.folder()
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


@pytest.mark.parametrize("extra", [1, 40 * 1024 * 1024], ids=["one-byte-over", "40-MB"])
def test_r_inc_1_a_picture_too_large_is_refused_by_the_service_and_audited(client, wall,
                                                                            extra):
    client.force_login(wall.operator)
    before = _stored()
    data = picture()
    padding = b"\0" * (pictures.MAX_BYTES - len(data) + extra)
    response = _report(client, wall.gate, data + padding)
    assert response.status_code == 400
    body = response.json()
    assert body["rule"] == "R-INC-1" and "picture" in body["fields"]
    assert "5 MB" in body["detail"]
    assert refusals("R-INC-1", wall.operator) == 1
    assert not LogEntry.objects.exists() and not LogPicture.objects.exists()
    assert _stored() == before


@pytest.mark.parametrize(("language", "words"), [
    ("zh-hans", "图片须为不超过 5 MB 的 JPEG 或 PNG。"),
    ("en", "The picture must be a JPEG or PNG of at most 5 MB.")])
def test_r_inc_1_the_size_refusal_is_translated(client, wall, language, words):
    client.force_login(wall.operator)
    data = picture() + b"\0" * pictures.MAX_BYTES
    response = _report(client, wall.gate, data, headers={"accept-language": language})
    assert response.status_code == 400 and response.json()["detail"] == words


def test_a_giant_form_field_is_refused_cleanly_not_with_an_error(client, wall):
    """More than DATA_UPLOAD_MAX_MEMORY_SIZE of fields besides the file: a 400, nothing
    written."""
    client.force_login(wall.operator)
    before = _stored()
    response = _report(client, wall.gate, picture(), seen="x" * (11 * 1024 * 1024))
    assert response.status_code == 400
    assert not LogEntry.objects.exists() and _stored() == before
