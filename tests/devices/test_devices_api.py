import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.devices.conftest import events
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.devices.models import Camera, Recorder

pytestmark = pytest.mark.django_db


def _new_camera(area, **extra):
    return {"code": "API-1", "name": "收费处", "area": area.pk, "username": "admin",
            "password": "api-secret", "stream_url": "rtsp://10.3.0.1/main", **extra}


def test_r_equip_1_api_create_goes_through_the_service(client_as, area):
    client = client_as(Role.TECHNICIAN)
    response = client.post("/api/cameras/", _new_camera(area), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "password" not in body and "password_encrypted" not in body
    assert body["has_password"] is True
    assert body["department"] == area.department.pk
    camera = Camera.objects.get(pk=body["id"])
    assert camera.password == "api-secret"
    (event,) = events("camera.created", camera)
    assert event["actor"].startswith("technician")
    assert "api-secret" not in json.dumps(event)


def test_r_equip_1_api_update_is_audited_and_password_never_returned(client_as, camera):
    client = client_as(Role.ADMINISTRATOR)
    response = client.patch(f"/api/cameras/{camera.pk}/", {"location": "药房", "password": "new"},
                            content_type="application/json")
    assert response.status_code == 200, response.json()
    assert "password" not in response.json()
    camera.refresh_from_db()
    assert (camera.location, camera.password) == ("药房", "new")
    (event,) = events("camera.updated", camera)
    assert event["data"]["changes"]["location"] == ["", "药房"]
    assert event["data"]["password_changed"] is True
    for listing in (client.get("/api/cameras/"), client.get(f"/api/cameras/{camera.pk}/")):
        text = listing.content.decode()
        assert '"password"' not in text and camera.password_encrypted not in text


def test_r_equip_1_api_duplicate_camera_is_400_with_the_service_message(client_as, camera):
    client = client_as(Role.TECHNICIAN)
    before = AuditEvent.objects.exclude(action="rule.refused").count()
    response = client.post("/api/cameras/",
                           _new_camera(camera.area, stream_url=camera.stream_url),
                           content_type="application/json")
    assert response.status_code == 400
    assert camera.stream_url in response.json()["fields"]["stream_url"][0]
    response = client.post("/api/cameras/", _new_camera(camera.area, code=camera.code),
                           content_type="application/json")
    assert response.status_code == 400
    assert camera.code in response.json()["fields"]["code"][0]
    assert Camera.objects.count() == 1
    assert AuditEvent.objects.exclude(action="rule.refused").count() == before


def test_r_equip_1_api_operator_reads_but_cannot_write(client_as, camera):
    client = client_as(Role.OPERATOR)
    assert client.get("/api/cameras/").status_code == 200
    assert client.get(f"/api/cameras/{camera.pk}/").status_code == 200
    assert client.post("/api/cameras/", _new_camera(camera.area),
                       content_type="application/json").status_code == 403
    assert client.patch(f"/api/cameras/{camera.pk}/", {"name": "x"},
                        content_type="application/json").status_code == 403
    assert Camera.objects.count() == 1


@pytest.mark.parametrize("role", [Role.TECHNICIAN, Role.ADMINISTRATOR])
def test_r_equip_1_api_has_no_delete(client_as, camera, recorder, role):
    client = client_as(role)
    for url in (f"/api/cameras/{camera.pk}/", f"/api/recorders/{recorder.pk}/"):
        assert client.delete(url).status_code == 405
    assert Camera.objects.filter(pk=camera.pk).exists()
    assert Recorder.objects.filter(pk=recorder.pk).exists()


def test_r_equip_1_api_other_equipment_created_through_services(client_as, site, room, recorder):
    client = client_as(Role.TECHNICIAN)
    for url, data in (
        ("/api/recorders/", {"code": "NVR-API", "name": "n", "site": site.pk}),
        ("/api/storage/", {"code": "ST-API", "name": "s", "site": site.pk, "capacity_tb": "8",
                           "recorder": recorder.pk}),
        ("/api/displays/", {"code": "DS-API", "name": "d", "room": room.pk}),
    ):
        response = client.post(url, data, content_type="application/json")
        assert response.status_code == 201, response.json()
        kind = url.split("/")[2].rstrip("s") if url != "/api/storage/" else "storage"
        assert len(events(f"{kind}.created")) >= 1
    response = client.put(f"/api/recorders/{recorder.pk}/",
                          {"code": recorder.code, "name": "改名", "site": site.pk},
                          content_type="application/json")
    assert response.status_code == 200, response.json()
    assert events("recorder.updated", recorder)[0]["data"]["changes"]["name"][1] == "改名"


def test_r_equip_1_api_lists_filter_by_area_and_status(client_as, make_camera, area):
    make_camera()
    make_camera(status="retired")
    client = client_as(Role.OPERATOR)
    assert client.get("/api/cameras/", {"area": area.pk}).json()["count"] == 2
    assert client.get("/api/cameras/", {"status": "retired"}).json()["count"] == 1
    assert client.get("/api/cameras/", {"area": "x"}).status_code == 400


def test_r_equip_1_api_import_all_or_nothing(client_as, area):
    client = client_as(Role.TECHNICIAN)
    bad = SimpleUploadedFile("c.csv", f"code,name,area\nA-1,a,{area.code}\nA-2,b,nowhere\n"
                             .encode())
    response = client.post("/api/cameras/import/", {"file": bad})
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(3, "area")]
    assert not Camera.objects.exists()
    good = SimpleUploadedFile("c.csv", f"code,name,area\nA-1,a,{area.code}\n".encode())
    response = client.post("/api/cameras/import/", {"file": good})
    assert response.status_code == 201
    assert [c["code"] for c in response.json()] == ["A-1"]
    operator = client_as(Role.OPERATOR)
    again = SimpleUploadedFile("c.csv", f"code,name,area\nA-9,a,{area.code}\n".encode())
    assert operator.post("/api/cameras/import/", {"file": again}).status_code == 403


def test_r_equip_1_api_schema_documents_password_as_write_only(client_as):
    client = client_as(Role.ADMINISTRATOR)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schemas = json.loads(response.content)["components"]["schemas"]
    assert "password" in schemas["CameraRequest"]["properties"]
    assert "password" not in schemas["Camera"]["properties"]
    assert "has_password" in schemas["Camera"]["properties"]
    paths = json.loads(response.content)["paths"]
    assert "delete" not in paths["/api/cameras/{id}/"]
