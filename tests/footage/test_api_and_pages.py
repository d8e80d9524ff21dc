"""The API and the pages call the same services: the same refusals, by rule ID."""

import base64
import datetime as dt
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.support.footage import PDF, approve_all
from watchroom.footage import selectors, services
from watchroom.footage.models import FootageRequest
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


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


def test_r_foot_3_export_outside_the_scope_over_the_api_is_refused(police_request, people,
                                                                   make_camera):
    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    client = api_as(people["executor"])
    url = f"/api/footage-requests/{request.pk}/exports/"
    for camera, start, end in [
            (item.camera.pk, item.start - dt.timedelta(minutes=1), item.end),
            (make_camera().pk, item.start, item.end)]:
        answer = client.post(url, {"ranges": [{"camera": camera, "start": start.isoformat(),
                                               "end": end.isoformat()}]}, format="json")
        assert answer.status_code == 403, answer.content
        assert answer.json()["rule"] == "R-FOOT-3"
    inside = client.post(url, {"ranges": [{"camera": item.camera.pk,
                                           "start": item.start.isoformat(),
                                           "end": item.end.isoformat()}]}, format="json")
    assert inside.status_code == 201, inside.content


def test_r_foot_2_decisions_over_the_api_need_the_code(police_request, people):
    request = police_request()
    url = f"/api/footage-requests/{request.pk}/decide/"
    client = api_as(people["chief"])
    wrong = client.post(url, {"decision": "approved", "code": "12345x", "step": 0,
                              "scope_version": 1}, format="json")
    assert wrong.status_code == 403 and wrong.json()["rule"] == "R-FOOT-2"
    ok = client.post(url, {"decision": "approved", "code": people["chief_app"].code(),
                           "step": 0, "scope_version": 1}, format="json")
    assert ok.status_code == 200, ok.content
    replay = api_as(people["deputy"]).post(url, {
        "decision": "approved", "code": people["deputy_app"].code(), "step": 0,
        "scope_version": 1}, format="json")
    assert replay.status_code == 409 and replay.json()["rule"] == "R-FOOT-2"


def test_r_foot_3_the_export_page_refuses_an_approver(police_request, people, client):
    request = approve_all(police_request(), people)
    people["chief"].groups.add(*people["executor"].groups.all())  # also an operator
    client.force_login(people["chief"])
    answer = client.post(reverse("footage:export_create", args=[request.pk]))
    assert answer.status_code == 403
    assert "R-FOOT-3" in answer.content.decode()


def test_r_foot_4_the_register_lists_searches_and_exports_to_excel(police_request, people,
                                                                    client):
    from openpyxl import load_workbook

    request = approve_all(police_request(), people)
    services.handover_create(actor=people["executor"], request=request, recipient_name="张三",
                             recipient_unit="城东派出所", recipient_id_number="012345",
                             items="U盘一个")
    client.force_login(people["chief"])
    page = client.get(reverse("footage:list"), {"q": "城东"})
    assert request.number in page.content.decode()
    assert client.get(reverse("footage:list"), {"q": "不存在的单位"}).content.decode().count(
        request.number) == 0
    workbook = client.get(reverse("footage:register_xlsx"))
    sheet = load_workbook(filename=io.BytesIO(b"".join(workbook.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert request.number in rows[1] and "城东派出所" in rows[1]
    assert any(cell and "张三" in str(cell) for cell in rows[1])
    printed = client.get(reverse("footage:print", args=[request.pk])).content.decode()
    assert request.number in printed and "张警官" in printed


def test_r_foot_3_play_page_is_limited_to_the_scope(police_request, people, client,
                                                    recorded_camera):
    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    client.force_login(people["executor"])
    page = client.get(reverse("footage:play", args=[request.pk, item.pk]))
    assert page.status_code == 200
    inside = selectors.segments_in([(item.camera, item.start, item.end)]).first()
    served = client.get(reverse("footage:segment_file", args=[request.pk, item.pk, inside.pk]))
    assert served.status_code == 200
    outside = recorded_camera.segments.order_by("start").first()
    assert outside.end <= item.start
    refused = client.get(reverse("footage:segment_file",
                                 args=[request.pk, item.pk, outside.pk]))
    assert refused.status_code == 403


def test_r_foot_5_export_page_shows_progress_and_downloads(police_request, people, client,
                                                           django_capture_on_commit_callbacks,
                                                           settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    request = approve_all(police_request(), people)
    client.force_login(people["executor"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("footage:export_create", args=[request.pk]))
    assert answer.status_code == 302
    export = request.exports.get()
    export.refresh_from_db()
    assert export.state == "done"
    progress = client.get(answer["Location"], headers={"HX-Request": "true"})
    assert "100%" in progress.content.decode()
    download = client.get(reverse("footage:export_download", args=[request.pk, export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"


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


def test_r_foot_2_a_wrong_code_on_the_page_is_shown_and_changes_nothing(police_request, people,
                                                                      client):
    from watchroom.audit.models import AuditEvent

    request = police_request()
    client.force_login(people["chief"])
    code = people["chief_app"].code()
    wrong = "000000" if code != "000000" else "111111"
    answer = client.post(reverse("footage:decide", args=[request.pk]), {
        "decision": "approved", "code": wrong, "step": 0, "scope_version": 1}, follow=True)
    assert answer.status_code == 200
    assert "R-FOOT-2" in answer.content.decode()
    assert not request.approvals.exists()
    assert AuditEvent.objects.filter(action="rule.refused", data__contains="R-FOOT-2").exists()


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


def test_r_foot_5_segments_fetched_under_a_request_are_one_audited_session(
        police_request, people, client):
    import json

    from watchroom.audit.models import AuditEvent
    from watchroom.recording.models import ViewingSession

    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    client.force_login(people["executor"])
    inside = list(selectors.segments_in([(item.camera, item.start, item.end)]))
    assert len(inside) >= 2
    for segment in inside:
        for header in ("bytes=0-9", "bytes=10-", "bytes=-5"):
            answer = client.get(reverse("footage:segment_file",
                                        args=[request.pk, item.pk, segment.pk]),
                                HTTP_RANGE=header)
            assert answer.status_code == 206
    started = AuditEvent.objects.filter(action="recording.footage_fetch_started")
    assert started.count() == 1
    assert json.loads(started.get().data)["basis"] == f"request:{request.number}"
    session = ViewingSession.objects.get(user=people["executor"])
    assert session.segments == [s.pk for s in inside] and session.fetches == 3 * len(inside)
