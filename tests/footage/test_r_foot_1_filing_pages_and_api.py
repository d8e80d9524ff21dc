"""R-FOOT-1 on the pages and the API: the same service, the same refusals."""

import base64
import datetime as dt

import pytest
from django.urls import reverse

from tests.support.footage import PDF, api_as
from watchroom.footage import services
from watchroom.footage.models import FootageRequest
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_1_a_request_filed_over_the_api_is_held_and_incomplete_ones_refused(
        people, recorded_camera, footage_window):
    start, _end = footage_window
    body = {
        "requester_type": "police", "requester_name": "张警官", "requester_unit": "城东派出所",
        "requester_contact": "13800000000", "requester_id_number": "012345",
        "purpose": "调查", "need": "copy",
        "scope": [{"camera": recorded_camera.pk, "start": start.isoformat(),
                   "end": (start + dt.timedelta(minutes=3)).isoformat()}],
        "officers": [{"name": "张三", "badge": "1"}, {"name": "李四", "badge": "2"}],
    }
    client = api_as(people["operator"])
    refused = client.post("/api/footage-requests/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["rule"] == "R-FOOT-1"
    body["attachments"] = [{"kind": "evidence_notice", "name": "通知书.pdf",
                            "content_base64": base64.b64encode(PDF).decode()}]
    filed = client.post("/api/footage-requests/", body, format="json")
    assert filed.status_code == 201, filed.content
    assert filed.json()["status"] == "pending"
    assert filed.json()["chain"] == ["security_chief", "deputy_director"]


def test_r_foot_1_the_new_request_page_names_missing_pieces(people, client, recorded_camera,
                                                            footage_window):
    client.force_login(people["operator"])
    start, _end = footage_window
    answer = client.post(reverse("footage:create"), {
        "requester_type": "patient", "requester_name": "王五", "requester_unit": "个人",
        "requester_contact": "139", "requester_id_number": "110", "purpose": "查看就诊经过",
        "need": "view", "camera_1": recorded_camera.pk,
        "start_1": start.strftime("%Y-%m-%dT%H:%M:%S"),
        "end_1": (start + dt.timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%S")})
    assert answer.status_code == 200
    assert 'data-testid="problems"' in answer.content.decode()
    assert FootageRequest.objects.count() == 0


def test_r_foot_1_a_department_requester_files_and_sees_only_their_own(
        police_request, people, make_staff, client, recorded_camera, footage_window):
    from watchroom.core.choices import Role

    requester = make_staff(Role.REQUESTER).user
    start, _end = footage_window
    theirs = services.request_create(
        actor=requester, requester_type="internal", requester_name="李娜",
        requester_unit="医务科", requester_contact="8002", requester_id_number="BW017",
        purpose="核实患者跌倒经过", need="view",
        scope=[(recorded_camera, start, start + dt.timedelta(minutes=2))])
    other = police_request()
    client.force_login(requester)
    listing = client.get(reverse("footage:list")).content.decode()
    assert theirs.number in listing and other.number not in listing
    assert client.get(reverse("footage:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("footage:detail", args=[theirs.pk])).status_code == 200
    api = api_as(requester).get("/api/footage-requests/").json()
    assert [r["number"] for r in api["results"]] == [theirs.number]
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.request_decide(actor=requester, request=theirs, decision="approved", code="123456")
