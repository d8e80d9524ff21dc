"""R-DUTY-5: a recorder keeps the ONVIF address Watchroom reads its clock at, with a
user name and a password stored encrypted, never shown or returned, through the API and
the form alike."""

import json

import pytest

from tests.devices.conftest import events
from watchroom.core.choices import Role
from watchroom.devices.models import Recorder

pytestmark = pytest.mark.django_db


def test_r_duty_5_api_keeps_a_recorders_onvif_credentials(client_as, site):
    client = client_as(Role.TECHNICIAN)
    created = client.post("/api/recorders/", {
        "code": "NVR-ONVIF", "name": "门诊NVR", "site": site.pk,
        "onvif_address": "10.0.0.8:80", "username": "admin", "password": "nvr-secret"},
        content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["onvif_address"] == "10.0.0.8:80" and body["has_password"] is True
    assert "password" not in body
    recorder = Recorder.objects.get(pk=body["id"])
    assert recorder.password == "nvr-secret"
    (event,) = events("recorder.created", recorder)
    assert "nvr-secret" not in json.dumps(event) and event["data"]["password_set"] is True
    changed = client.patch(f"/api/recorders/{recorder.pk}/", {"password": "other"},
                           content_type="application/json")
    assert changed.status_code == 200
    recorder.refresh_from_db()
    assert recorder.password == "other"
    assert events("recorder.updated", recorder)[0]["data"]["password_changed"] is True


def test_r_duty_5_the_recorder_form_takes_the_onvif_address(client_as, site):
    client = client_as(Role.TECHNICIAN)
    page = client.get("/devices/recorders/new/").content.decode()
    assert 'name="onvif_address"' in page and 'name="password"' in page
    client.post("/devices/recorders/new/", {
        "code": "NVR-FORM", "name": "住院NVR", "site": site.pk, "kind": "nvr",
        "channels": 16, "onvif_address": "10.0.0.9", "username": "admin",
        "password": "form-secret", "status": "in_service"})
    recorder = Recorder.objects.get(code="NVR-FORM")
    assert recorder.onvif_address == "10.0.0.9" and recorder.password == "form-secret"
