"""/api/incidents/: list, read, report (its hold placed at once) and close, through the
same services as the pages; refusals as {"rule", "detail", "fields"}."""

import pytest

from tests.incidents.conftest import report

pytestmark = pytest.mark.django_db


def test_the_api_lists_reports_and_closes(client, scene):
    client.force_login(scene.operator)
    created = client.post("/api/incidents/", {
        "title": "东门有人翻越栏杆", "seen": "一名男子翻越东门栏杆", "category": "trespass",
        "room": scene.room.pk, "area": scene.area.pk, "cameras": [scene.gate.pk]},
        content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "open" and body["source"] == "direct" and len(body["holds"]) == 1
    listed = client.get("/api/incidents/").json()
    assert [i["id"] for i in listed["results"]] == [body["id"]]
    assert client.get(f"/api/incidents/{body['id']}/").json()["title"] == "东门有人翻越栏杆"
    refused = client.post(f"/api/incidents/{body['id']}/close/", {
        "disposal": "劝离", "result": "离开"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-INC-4"
    client.force_login(scene.head)
    missing = client.post(f"/api/incidents/{body['id']}/close/", {
        "disposal": "", "result": ""}, content_type="application/json")
    assert missing.status_code == 400 and set(missing.json()["fields"]) == {"disposal", "result"}
    closed = client.post(f"/api/incidents/{body['id']}/close/", {
        "disposal": "保安劝离", "result": "已离开"}, content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_the_api_refuses_a_major_incident_s_close_without_the_review(client, scene):
    incident = report(scene, grade="major")
    client.force_login(scene.head)
    refused = client.post(f"/api/incidents/{incident.pk}/close/", {
        "disposal": "报警", "result": "带走"}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["rule"] == "R-INC-4"


def test_the_api_needs_the_role(client, user_of):
    client.force_login(user_of("requester"))
    assert client.get("/api/incidents/").status_code == 403
