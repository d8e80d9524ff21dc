"""Blocks (R-EQUIP-5) and changes (R-EQUIP-4) over the API: the same services and refusals
as the pages."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.support.health_records import camera_in
from watchroom.core.choices import Role
from watchroom.health.choices import BlockStatus, ChangeStatus


@pytest.fixture
def camera(area, system):
    return camera_in(area, system)


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_r_equip_5_a_block_over_the_api(camera, make_staff):
    applicant, head = make_staff(Role.OPERATOR).user, make_staff(Role.SHIFT_LEAD).user
    start = timezone.now()
    response = client_of(applicant).post("/api/camera-blocks/", {
        "camera": camera.pk, "reason": "管道检修", "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=80)).isoformat()}, format="json")
    assert response.status_code == 400 and response.json()["rule"] == "R-EQUIP-5"
    response = client_of(applicant).post("/api/camera-blocks/", {
        "camera": camera.pk, "reason": "管道检修", "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=8)).isoformat()}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    refused = client_of(applicant).post(f"/api/camera-blocks/{pk}/decide/", {"approve": True},
                                        format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-EQUIP-5"
    approved = client_of(head).post(f"/api/camera-blocks/{pk}/decide/", {"approve": True},
                                    format="json")
    assert approved.json()["status"] == BlockStatus.APPROVED
    ended = client_of(applicant).post(f"/api/camera-blocks/{pk}/end/", {"note": "完工"},
                                      format="json")
    assert ended.json()["status"] == BlockStatus.ENDED
    assert [b["id"] for b in client_of(head).get("/api/camera-blocks/").json()["results"]] == [pk]


def test_r_equip_4_a_change_over_the_api(camera, make_staff):
    technician, head = make_staff(Role.TECHNICIAN).user, make_staff(Role.SHIFT_LEAD).user
    now = timezone.now()
    response = client_of(technician).post("/api/camera-changes/", {
        "camera": camera.pk, "kind": "software", "description": "升级固件 V5.7",
        "reason": "修复安全漏洞", "planned_start": now.isoformat(),
        "planned_end": (now + dt.timedelta(hours=1)).isoformat()}, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    client_of(head).post(f"/api/camera-changes/{pk}/decide/", {"approve": True}, format="json")
    done = client_of(technician).post(f"/api/camera-changes/{pk}/done/",
                                      {"note": "固件已升级至 V5.7.3"}, format="json")
    assert done.json()["status"] == ChangeStatus.DONE
    operator = make_staff(Role.OPERATOR).user
    assert client_of(operator).post("/api/camera-changes/", {}, format="json").status_code == 403
