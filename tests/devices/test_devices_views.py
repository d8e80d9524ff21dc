import pytest
from django.urls import reverse

from tests.devices.conftest import events
from watchroom.core.choices import Role
from watchroom.devices.models import Camera, Display, Recorder, Storage

pytestmark = pytest.mark.django_db


def _camera_post(area, **extra):
    return {"code": "V-1", "name": "住院部入口", "area": area.pk, "recorder": "",
            "stream_url": "rtsp://10.2.0.1/main", "onvif_address": "", "username": "admin",
            "password": "web-secret", "resolution": "", "enabled": "on",
            "status": "in_service", "location": "住院部一楼", "supplier": "", "model_name": "",
            "serial_no": "", "install_date": "2024-05-01", "manual_url": "", "notes": "",
            **extra}


def test_r_equip_1_technician_creates_camera_through_the_form(client_as, area):
    client = client_as(Role.TECHNICIAN)
    response = client.post(reverse("devices:camera_create"), _camera_post(area))
    camera = Camera.objects.get(code="V-1")
    assert response.status_code == 302
    assert response.url == reverse("devices:camera_detail", args=[camera.pk])
    assert camera.password == "web-secret"
    (event,) = events("camera.created", camera)
    assert event["actor"].startswith("technician")


def test_r_equip_1_technician_edits_camera_and_blank_password_keeps_old(client_as, camera):
    client = client_as(Role.TECHNICIAN)
    page = client.get(reverse("devices:camera_edit", args=[camera.pk]))
    assert page.status_code == 200
    assert "Cam-secret-1" not in page.content.decode()
    data = _camera_post(camera.area, code=camera.code, stream_url=camera.stream_url,
                        password="", location="新位置")
    response = client.post(reverse("devices:camera_edit", args=[camera.pk]), data)
    assert response.status_code == 302
    camera.refresh_from_db()
    assert camera.location == "新位置"
    assert camera.password == "Cam-secret-1"
    (event,) = events("camera.updated", camera)
    assert event["data"]["changes"]["location"] == ["", "新位置"]
    assert "password_changed" not in event["data"]


def test_r_equip_1_duplicate_code_from_the_service_shows_on_the_form(client_as, camera):
    client = client_as(Role.TECHNICIAN)
    response = client.post(reverse("devices:camera_create"),
                           _camera_post(camera.area, code=camera.code))
    assert response.status_code == 200
    assert camera.code in response.context["form"].errors["code"][0]
    assert Camera.objects.count() == 1


def test_r_equip_1_operator_views_but_cannot_create_or_edit(client_as, camera):
    client = client_as(Role.OPERATOR)
    assert client.get(reverse("devices:camera_list")).status_code == 200
    assert client.get(reverse("devices:camera_detail", args=[camera.pk])).status_code == 200
    assert client.get(reverse("devices:camera_create")).status_code == 403
    assert client.get(reverse("devices:camera_edit", args=[camera.pk])).status_code == 403
    assert client.get(reverse("devices:camera_import")).status_code == 403
    forged = client.post(reverse("devices:camera_edit", args=[camera.pk]),
                         _camera_post(camera.area, code=camera.code, name="forged"))
    assert forged.status_code == 403
    created = client.post(reverse("devices:camera_create"), _camera_post(camera.area))
    assert created.status_code == 403
    camera.refresh_from_db()
    assert camera.name != "forged"
    assert Camera.objects.count() == 1
    assert events("camera.updated") == []


def test_r_equip_1_anonymous_is_sent_to_login(client, camera):
    response = client.get(reverse("devices:camera_list"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_r_equip_1_camera_list_shows_area_department_and_searches(client_as, make_camera,
                                                                  recorder, area):
    make_camera(name="急诊入口", location="急诊一楼", recorder=recorder, serial_no="SN-77")
    make_camera(name="停车场")
    client = client_as(Role.OPERATOR)
    page = client.get(reverse("devices:camera_list"))
    html = page.content.decode()
    assert area.department.name in html and recorder.code in html
    for q in ("急诊入口", "急诊一楼", "SN-77", area.name):
        rows = client.get(reverse("devices:camera_list"), {"q": q}).context["rows"]
        assert any("急诊入口" in row["cells"] for row in rows), q
    rows = client.get(reverse("devices:camera_list"), {"recorder": recorder.code}).context["rows"]
    assert [row["cells"][1] for row in rows] == ["急诊入口"]
    for params in ({"site": area.site.code}, {"area": area.code}, {"status": "in_service"}):
        assert len(client.get(reverse("devices:camera_list"), params).context["rows"]) == 2
    assert client.get(reverse("devices:camera_list"), {"area": "x'"}).status_code == 200


def test_r_equip_1_camera_detail_shows_archive_but_never_the_password(client_as, camera):
    client = client_as(Role.OPERATOR)
    response = client.get(reverse("devices:camera_detail", args=[camera.pk]))
    html = response.content.decode()
    assert "Cam-secret-1" not in html and camera.password_encrypted not in html
    fields = dict(response.context["fields"])
    assert fields["Responsible department"] == camera.area.department.name
    assert fields["Password"] == "set"
    # No edit for an operator; the area's floor plan is a link for everyone, and so are
    # reporting the camera's fault, its repair archive (R-EQUIP-3) and its history, then
    # the camera's health links (its blocks; applying to block it for its department's staff).
    labels = [a["label"] for a in response.context["actions"]]
    assert labels[0] == "Floor plan" and "Edit" not in labels
    assert {"Report a fault", "Repair archive", "History"} <= set(labels)


def test_r_equip_1_technician_imports_cameras_on_the_page(client_as, area):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(Role.TECHNICIAN)
    good = SimpleUploadedFile("c.csv", f"编号,名称,区域\nI-1,甲,{area.code}\n".encode("gbk"))
    response = client.post(reverse("devices:camera_import"), {"file": good})
    assert response.status_code == 302
    assert Camera.objects.filter(code="I-1").exists()

    bad = SimpleUploadedFile("c.csv", "编号,名称,区域\nI-2,乙,无此区域\nI-3,,无\n".encode())
    response = client.post(reverse("devices:camera_import"), {"file": bad})
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (2, "区域"), (3, "名称"), (3, "区域")]
    assert "无此区域" in response.content.decode()
    assert not Camera.objects.filter(code__in=["I-2", "I-3"]).exists()

    wrong = SimpleUploadedFile("c.pdf", b"%PDF")
    response = client.post(reverse("devices:camera_import"), {"file": wrong})
    assert response.status_code == 400
    assert "not a file type" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("kind", ["recorder", "storage", "display"])
def test_r_equip_1_other_equipment_pages_create_and_edit(client_as, site, room, recorder, kind):
    client = client_as(Role.TECHNICIAN)
    common = {"code": f"{kind}-9", "name": "设备", "status": "in_service", "location": "机房"}
    data = {
        "recorder": {"site": site.pk, "kind": "nvr", "channels": 32},
        "storage": {"site": site.pk, "kind": "array", "capacity_tb": "96", "recorder": recorder.pk},
        "display": {"room": room.pk, "size_inches": 55},
    }[kind]
    model = {"recorder": Recorder, "storage": Storage, "display": Display}[kind]
    response = client.post(reverse(f"devices:{kind}_create"), {**common, **data})
    assert response.status_code == 302, response.context["form"].errors
    obj = model.objects.get(code=f"{kind}-9")
    assert client.get(reverse(f"devices:{kind}_list")).status_code == 200
    assert client.get(reverse(f"devices:{kind}_detail", args=[obj.pk])).status_code == 200
    response = client.post(reverse(f"devices:{kind}_edit", args=[obj.pk]),
                           {**common, **data, "location": "新机房"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.location == "新机房"
    assert events(f"{kind}.updated", obj)[0]["data"]["changes"]["location"] == ["机房", "新机房"]

    operator = client_as(Role.OPERATOR)
    assert operator.get(reverse(f"devices:{kind}_detail", args=[obj.pk])).status_code == 200
    assert operator.post(reverse(f"devices:{kind}_create"), {**common, **data}).status_code == 403


def test_r_equip_1_technician_sees_the_forms(client_as, camera):
    client = client_as(Role.TECHNICIAN)
    page = client.get(reverse("devices:camera_create"))
    assert page.status_code == 200
    assert list(page.context["form"].fields).index("password") == \
        list(page.context["form"].fields).index("username") + 1
    page = client.get(reverse("devices:camera_import"))
    assert page.status_code == 200
    assert "码流地址" in page.content.decode()
    empty = client.post(reverse("devices:camera_import"), {})
    assert empty.status_code == 400 and "file" in empty.context["form"].errors
    actions = client.get(reverse("devices:camera_list")).context["actions"]
    assert [a["url"] for a in actions] == [reverse("devices:camera_create"),
                                           reverse("devices:camera_import")]
