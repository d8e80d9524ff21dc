"""Floor plans: a room head uploads an area's plan (a real PNG or JPEG, never SVG, within
the size allowed, kept with its SHA-256; a replaced plan keeps its record) and places the
area's cameras on it through an audited service; the plan's fragment for the wall shows
only the cameras the person may see (R-FOOT-6)."""

import hashlib
import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SYSTEM
from tests.devices.conftest import events
from tests.support.plans import SVG, jpeg, png
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.devices import floor_plans, plan_images, services
from watchroom.devices.models import CameraPlacement, FloorPlan
from watchroom.rules import RuleViolation


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


@pytest.fixture
def plan(head, area, plans_dir):
    return services.floor_plan_upload(actor=head, area=area, name="hall.png", content=png())


def _refused(rule: str):
    event = AuditEvent.objects.filter(action="rule.refused").latest("seq")
    assert json.loads(event.data)["rule"] == rule
    return event


def test_r_equip_1_room_head_uploads_a_png_kept_with_its_hash(head, area, plans_dir):
    content = png(400, 300)
    plan = services.floor_plan_upload(actor=head, area=area, name="../../etc/hall.png",
                                      content=content)
    assert (plan.content_type, plan.width, plan.height) == ("image/png", 400, 300)
    assert plan.sha256 == hashlib.sha256(content).hexdigest() and plan.bytes == len(content)
    assert plan.name == "hall.png"
    stored = floor_plans.file_of(plan)
    assert stored.read_bytes() == content
    assert plans_dir in stored.parents
    [event] = events("floor_plan.uploaded", plan)
    assert event["data"]["sha256"] == plan.sha256 and event["actor"] == head.username


def test_r_equip_1_a_jpeg_is_read_for_its_real_type_whatever_its_name(head, area, plans_dir):
    plan = services.floor_plan_upload(actor=head, area=area, name="plan.png", content=jpeg())
    assert (plan.content_type, plan.width, plan.height) == ("image/jpeg", 320, 240)
    assert plan.path.endswith(".jpg")


@pytest.mark.parametrize("content, problem", [
    (SVG, "SVG drawings are not accepted"),
    (b"  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG drawings are not accepted"),
    (b"%PDF-1.7 not a picture", "not a PNG or JPEG"),
    (b"GIF89a\x01\x00\x01\x00", "not a PNG or JPEG"),
    (b"", "empty"),
    (png()[:60], "damaged"),
    (png()[:20], "no picture header"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "no picture header"),
])
def test_r_equip_1_upload_refuses_what_is_not_a_whole_png_or_jpeg(head, area, plans_dir,
                                                                  content, problem):
    with pytest.raises(RuleViolation) as refused:
        services.floor_plan_upload(actor=head, area=area, name="plan.png", content=content)
    assert refused.value.status == 400 and problem in refused.value.fields["file"][0]
    assert not FloorPlan.objects.exists()
    assert not plans_dir.exists() or not any(plans_dir.rglob("*.*"))
    _refused("R-EQUIP-1")


def test_r_equip_1_upload_refuses_an_oversized_file_and_a_huge_picture(head, area, plans_dir):
    big = png() + b"\x00" * (plan_images.MAX_BYTES)
    with pytest.raises(RuleViolation) as refused:
        services.floor_plan_upload(actor=head, area=area, name="big.png", content=big)
    assert "at most 5 MB" in refused.value.fields["file"][0]
    # A header claiming 100 000 × 100 000 pixels is refused before anything is decoded.
    bomb = bytearray(png(8, 8))
    bomb[16:24] = (100_000).to_bytes(4, "big") * 2
    with pytest.raises(RuleViolation) as refused:
        services.floor_plan_upload(actor=head, area=area, name="bomb.png", content=bytes(bomb))
    assert "million pixels" in refused.value.fields["file"][0]
    assert not FloorPlan.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TECHNICIAN, Role.AUDITOR])
def test_r_sec_1_only_a_room_head_or_administrator_uploads(make_staff, area, plans_dir, role):
    person = make_staff(role).user
    with pytest.raises(RuleViolation) as refused:
        services.floor_plan_upload(actor=person, area=area, name="p.png", content=png())
    assert refused.value.status == 403
    _refused("R-SEC-1")


def test_administrator_uploads_too(admin_user_, area, plans_dir):
    plan = services.floor_plan_upload(actor=admin_user_, area=area, name="p.png", content=png())
    assert floor_plans.current_plan(area) == plan


def test_r_equip_1_replacing_keeps_the_old_plan_and_the_cameras_places(head, area, plan,
                                                                       make_camera):
    camera = make_camera()
    services.camera_place(actor=head, area=area, camera=camera, x=0.25, y=0.75)
    newer = services.floor_plan_upload(actor=head, area=area, name="new.jpg", content=jpeg())
    plan.refresh_from_db()
    assert plan.replaced_at is not None and floor_plans.file_of(plan).exists()
    assert floor_plans.current_plan(area) == newer
    assert list(floor_plans.earlier_plans(area)) == [plan]
    place = CameraPlacement.objects.get(plan=newer, camera=camera)
    assert (place.x, place.y) == (0.25, 0.75)
    assert events("floor_plan.uploaded", newer)[0]["data"]["replaces"] == plan.pk


def test_r_equip_1_placing_a_camera_is_audited_and_moving_it_too(head, area, plan, make_camera):
    camera = make_camera()
    services.camera_place(actor=head, area=area, camera=camera, x=0.1, y=0.2)
    services.camera_place(actor=head, area=area, camera=camera, x=0.3, y=0.4)
    place = CameraPlacement.objects.get(plan=plan, camera=camera)
    assert (place.x, place.y, place.placed_by) == (0.3, 0.4, head)
    first, second = events("camera.placed", camera)
    assert (first["data"]["x"], first["data"]["before"]) == (0.1, None)
    assert (second["data"]["x"], second["data"]["before"]) == (0.3, [0.1, 0.2])


def test_r_equip_1_taking_a_camera_off_the_plan_is_audited_and_refused_to_others(
        head, area, plan, make_camera, make_staff):
    camera = make_camera()
    services.camera_place(actor=head, area=area, camera=camera, x=0.1, y=0.2)
    with pytest.raises(RuleViolation) as refused:
        services.camera_unplace(actor=make_staff(Role.OPERATOR).user, area=area, camera=camera)
    assert refused.value.rule_id == "R-SEC-1"
    _refused("R-SEC-1")
    services.camera_unplace(actor=head, area=area, camera=camera)
    assert not CameraPlacement.objects.filter(camera=camera).exists()
    (event,) = events("camera.unplaced", camera)
    assert event["data"]["before"] == [0.1, 0.2] and event["data"]["plan"] == plan.pk
    with pytest.raises(RuleViolation) as again:
        services.camera_unplace(actor=head, area=area, camera=camera)
    assert again.value.fields == {"camera": [f"{camera.code} is not placed on this plan."]}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(x=st.one_of(st.floats(max_value=-1e-9), st.floats(min_value=1.0000001),
                   st.just(float("nan")), st.floats(0, 1)),
       y=st.floats(0, 1))
def test_r_equip_1_a_position_off_the_plan_is_refused(head, area, plan, make_camera, x, y):
    camera = make_camera()
    inside = x == x and 0 <= x <= 1
    if inside:
        services.camera_place(actor=head, area=area, camera=camera, x=x, y=y)
        assert CameraPlacement.objects.filter(camera=camera).exists()
        return
    with pytest.raises(RuleViolation) as refused:
        services.camera_place(actor=head, area=area, camera=camera, x=x, y=y)
    assert refused.value.status == 400 and "x" in refused.value.fields
    assert not CameraPlacement.objects.filter(camera=camera).exists()


def test_r_equip_1_a_camera_of_another_area_and_an_area_without_plan_are_refused(
        head, area, plan, site, department, make_camera):
    other = core.area_create(actor=SYSTEM, site=site, code="A-OTHER", name="急诊大厅",
                             department=department)
    stranger = make_camera(area=other)
    with pytest.raises(RuleViolation) as refused:
        services.camera_place(actor=head, area=area, camera=stranger, x=0.5, y=0.5)
    assert "camera" in refused.value.fields
    with pytest.raises(RuleViolation) as refused:
        services.camera_place(actor=head, area=other, camera=stranger, x=0.5, y=0.5)
    assert refused.value.status == 409


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TECHNICIAN])
def test_r_sec_1_placing_is_refused_for_other_roles(make_staff, area, plan, make_camera, role):
    camera = make_camera()
    with pytest.raises(RuleViolation) as refused:
        services.camera_place(actor=make_staff(role).user, area=area, camera=camera,
                              x=0.5, y=0.5)
    assert refused.value.status == 403
    _refused("R-SEC-1")
    assert not CameraPlacement.objects.exists()


# --- the pages -----------------------------------------------------------------------------


@pytest.fixture
def sensitive(site, department, make_camera, head, plans_dir):
    area = core.area_create(actor=SYSTEM, site=site, code="CK-1", name="产科病房走廊",
                            department=department, privacy_sensitive=True)
    area.knowledge_scope.add(head)
    camera = make_camera(area=area)
    services.floor_plan_upload(actor=head, area=area, name="p.png", content=png())
    services.camera_place(actor=head, area=area, camera=camera, x=0.5, y=0.5)
    return area, camera


def test_r_foot_6_the_fragment_omits_cameras_outside_the_knowledge_scope(
        client, make_staff, head, area, plan, make_camera, sensitive):
    sensitive_area, hidden = sensitive
    shown = make_camera()
    services.camera_place(actor=head, area=area, camera=shown, x=0.2, y=0.3)
    operator = make_staff(Role.OPERATOR).user
    client.force_login(operator)
    open_html = client.get(reverse("devices:floor_plan_fragment", args=[area.pk])).content.decode()
    assert f'data-camera="{shown.pk}"' in open_html and 'left: 20.00%' in open_html
    html = client.get(reverse("devices:floor_plan_fragment",
                              args=[sensitive_area.pk])).content.decode()
    assert f'data-camera="{hidden.pk}"' not in html and hidden.code not in html
    sensitive_area.knowledge_scope.add(operator)
    html = client.get(reverse("devices:floor_plan_fragment",
                              args=[sensitive_area.pk])).content.decode()
    assert f'data-camera="{hidden.pk}"' in html


def test_r_foot_6_the_editor_does_not_name_a_camera_outside_the_scope(client, make_staff,
                                                                      area, plan, sensitive):
    _area, hidden = sensitive
    client.force_login(make_staff(Role.SHIFT_LEAD).user)
    for name, data in (("camera_place", {"camera": hidden.pk, "x": "0.1", "y": "0.1"}),
                       ("camera_unplace", {"camera": hidden.pk})):
        response = client.post(reverse(f"devices:{name}", args=[area.pk]), data)
        assert response.status_code == 404 and hidden.code not in response.content.decode()


def test_r_foot_6_placing_on_a_sensitive_area_needs_its_scope(make_staff, sensitive):
    area, camera = sensitive
    outsider = make_staff(Role.SHIFT_LEAD).user
    with pytest.raises(RuleViolation) as refused:
        services.camera_place(actor=outsider, area=area, camera=camera, x=0.1, y=0.1)
    assert refused.value.rule_id == "R-FOOT-6"


def test_the_pages_of_a_plan_for_a_head_and_an_operator(client, make_staff, head, area, plan,
                                                        make_camera):
    camera = make_camera()
    client.force_login(head)
    page = client.get(reverse("devices:floor_plan_edit", args=[area.pk])).content.decode()
    assert "data-editable" in page and f'data-camera="{camera.pk}"' in page  # in the tray
    response = client.post(reverse("devices:camera_place", args=[area.pk]),
                           {"camera": camera.pk, "x": "0.4", "y": "0.6"})
    assert response.status_code == 200 and response.json() == {
        "camera": camera.pk, "x": 0.4, "y": 0.6}
    response = client.post(reverse("devices:camera_place", args=[area.pk]),
                           {"camera": camera.pk, "x": "1.4", "y": "0.6"})
    assert response.status_code == 400 and response.json()["rule"] == "R-EQUIP-1"
    assert "x" in response.json()["fields"]
    image = client.get(reverse("devices:floor_plan_image", args=[plan.pk]))
    assert image["Content-Type"] == "image/png" and image["X-Content-Type-Options"] == "nosniff"
    assert b"".join(image.streaming_content) == floor_plans.file_of(plan).read_bytes()
    taken = client.post(reverse("devices:camera_unplace", args=[area.pk]), {"camera": camera.pk})
    assert taken.status_code == 200 and taken.json() == {"camera": camera.pk, "placed": False}
    assert not CameraPlacement.objects.filter(camera=camera).exists()
    services.camera_place(actor=head, area=area, camera=camera, x=0.4, y=0.6)

    client.force_login(make_staff(Role.OPERATOR).user)
    view = client.get(reverse("devices:floor_plan", args=[area.pk])).content.decode()
    assert "floor-plan-edit" not in view and f'data-camera="{camera.pk}"' in view
    assert client.get(reverse("devices:floor_plan_edit", args=[area.pk])).status_code == 403
    response = client.post(reverse("devices:camera_place", args=[area.pk]),
                           {"camera": camera.pk, "x": "0.1", "y": "0.1"})
    assert response.status_code == 403
    response = client.post(reverse("devices:camera_unplace", args=[area.pk]),
                           {"camera": camera.pk})
    assert response.status_code == 403 and CameraPlacement.objects.filter(camera=camera).exists()


def test_upload_through_the_page(client, head, area, plans_dir):
    client.force_login(head)
    page = client.get(reverse("devices:floor_plan_edit", args=[area.pk])).content.decode()
    assert "floor-plan-upload" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("devices:floor_plan_upload", args=[area.pk]),
                           {"file": SimpleUploadedFile("evil.svg", SVG, "image/svg+xml")},
                           follow=True)
    assert "SVG drawings are not accepted" in response.content.decode()
    response = client.post(reverse("devices:floor_plan_upload", args=[area.pk]),
                           {"file": SimpleUploadedFile("hall.png", png(), "image/png")},
                           follow=True)
    assert floor_plans.current_plan(area) is not None
    assert "data-floor-plan" in response.content.decode()


def test_the_area_and_camera_pages_link_to_the_plan(client_as, area, make_camera):
    client = client_as(Role.OPERATOR)
    url = reverse("devices:floor_plan", args=[area.pk])
    assert url in client.get(reverse("core:area_detail", args=[area.pk])).content.decode()
    camera = make_camera()
    assert url in client.get(reverse("devices:camera_detail", args=[camera.pk])).content.decode()
    html = client.get(url).content.decode()
    assert "has no floor plan yet" in html
