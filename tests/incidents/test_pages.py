"""The incidents' pages: the list with its search and filters, statistics, the detail
with the buttons its selectors allow, the printed incident report, the Excel workbook,
reporting, notes and attachments through the forms."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import PASSWORD
from tests.incidents.conftest import report
from tests.live.scene import picture
from watchroom.incidents import services
from watchroom.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_the_list_searches_and_filters(client, scene):
    fight = report(scene)
    theft = report(scene, title="住院部电动车被盗", seen="车棚监控发现有人撬锁", category="theft",
                   area=scene.other_area, grade="larger")
    client.force_login(scene.operator)
    page = client.get("/incidents/").content.decode()
    assert "东门有人打架" in page and "住院部电动车被盗" in page
    assert "/incidents/new/" in page  # the operator reports
    only = client.get("/incidents/", {"category": "theft"}).content.decode()
    assert "住院部电动车被盗" in only and "东门有人打架" not in only
    only = client.get("/incidents/", {"area": scene.area.pk}).content.decode()
    assert "东门有人打架" in only and "住院部电动车被盗" not in only
    only = client.get("/incidents/", {"grade": "larger", "q": "撬锁"}).content.decode()
    assert "住院部电动车被盗" in only and "东门有人打架" not in only
    this_month = timezone.localtime(fight.occurred_at).strftime("%Y-%m")
    only = client.get("/incidents/", {"month": this_month}).content.decode()
    assert "东门有人打架" in only and "住院部电动车被盗" in only
    theft.occurred_at -= dt.timedelta(days=40)
    theft.save(update_fields=["occurred_at"])
    only = client.get("/incidents/", {"month": this_month}).content.decode()
    assert "东门有人打架" in only and "住院部电动车被盗" not in only


def test_the_statistics_count_by_category_grade_place_and_month(client, scene):
    report(scene)
    report(scene, category="theft", area=scene.other_area)
    report(scene, category="theft", area=scene.other_area, grade="major")
    client.force_login(scene.head)
    response = client.get("/incidents/statistics/")
    tables = dict(response.context["tables"])
    assert dict(tables["By category"]) == {"Theft": 2, "Fight or violence": 1}
    assert dict(tables["By grade"]) == {"General (一般)": 2, "Major (重大)": 1}
    assert dict(tables["By place"]) == {"住院部": 2, scene.area.name: 1}
    assert sum(dict(tables["By month"]).values()) == 3


def test_the_detail_shows_only_the_buttons_the_person_may_use(client, scene):
    incident = report(scene, grade="major")
    client.force_login(scene.operator)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'data-testid="note"' in page and 'data-testid="hold"' in page
    assert 'data-testid="close"' not in page and 'data-testid="review"' not in page
    assert 'data-testid="timeline"' in page and "Footage put on hold" in page
    client.force_login(scene.chief)
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert 'data-testid="review"' in page and 'data-testid="close"' not in page
    assert 'data-testid="review-needed"' in page


def test_the_review_and_the_close_through_the_page(client, scene):
    incident = report(scene, grade="major")
    client.force_login(scene.chief)
    client.post(f"/incidents/{incident.pk}/review/", {
        "cause": "门禁损坏", "lessons": "巡查不到位", "measures": "更换门禁", "password": "wrong"})
    incident.refresh_from_db()
    assert incident.reviewed_at is None
    client.post(f"/incidents/{incident.pk}/review/", {
        "cause": "门禁损坏", "lessons": "巡查不到位", "measures": "更换门禁", "password": PASSWORD})
    response = client.post(f"/incidents/{incident.pk}/close/", {
        "disposal": "报警，民警到场", "result": "嫌疑人被带走"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.reviewed_by == scene.chief


def test_reporting_notes_and_attachments_through_the_forms(client, scene):
    client.force_login(scene.operator)
    response = client.post("/incidents/new/", {
        "title": "门诊大厅有人晕倒", "seen": "一名老人在挂号处晕倒", "category": "medical",
        "grade": "general", "told": "急诊科", "room": scene.room.pk, "area": scene.area.pk,
        "cameras": [scene.hall.pk]})
    incident = Incident.objects.get(title="门诊大厅有人晕倒")
    assert response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.holds.exists()
    client.post(f"/incidents/{incident.pk}/note/", {"text": "急诊医生已到场"})
    client.post(f"/incidents/{incident.pk}/attach/", {
        "file": SimpleUploadedFile("现场.jpg", picture(), content_type="image/jpeg")})
    attachment = incident.attachments.get()
    assert [e.kind for e in incident.events.all()] == [
        "created", "hold_placed", "escalated", "note", "attachment"]
    shown = client.get(f"/incidents/{incident.pk}/files/{attachment.pk}/")
    assert b"".join(shown.streaming_content) == picture()


def test_a_refused_form_says_why(client, scene):
    client.force_login(scene.operator)
    response = client.post("/incidents/new/", {"title": "", "seen": "", "category": "x"})
    assert response.status_code == 200 and not Incident.objects.exists()


def test_the_printed_incident_report(client, scene):
    incident = report(scene)
    services.incident_note(actor=scene.operator, incident=incident, text="保安已到场")
    client.force_login(scene.head)
    page = client.get(f"/incidents/{incident.pk}/print/").content.decode()
    assert "Incident report" in page and "东门有人打架" in page and "保安已到场" in page
    assert "data-print" in page


def test_the_list_as_excel(client, scene):
    report(scene)
    report(scene, title="住院部电动车被盗", category="theft", area=scene.other_area)
    client.force_login(scene.head)
    response = client.get("/incidents/incidents.xlsx", {"category": "theft"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "title" and len(rows) == 2 and rows[1][2] == "住院部电动车被盗"


def test_the_pages_are_in_chinese(client, scene):
    incident = report(scene)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(scene.head)
    page = client.get(f"/incidents/{incident.pk}/print/").content.decode()
    assert "事件报告" in page and "打架斗殴或暴力" in page


def test_someone_without_the_role_sees_no_incidents(client, user_of):
    client.force_login(user_of("requester"))
    assert client.get("/incidents/").status_code == 403
