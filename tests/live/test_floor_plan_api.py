"""Floor plans over the API: the current plans (paged), one plan with its cameras and
their states, uploading or replacing a plan and placing or moving a camera through the
same services as the pages (R-EQUIP-1, R-SEC-1), refusals naming the rule, and cameras
outside the caller's knowledge scope absent (R-FOOT-6)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.support.plans import SVG, png
from watchroom.audit.models import AuditEvent
from watchroom.devices import services
from watchroom.devices.models import CameraPlacement, FloorPlan


def _api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def plans(wall, plans_dir):
    """A plan of the ordinary area with the gate on it, and one of the sensitive area
    with its ward camera, both placed by the head (who is in the ward's scope)."""
    hall = services.floor_plan_upload(actor=wall.head, area=wall.area, name="hall.png",
                                      content=png())
    ward = services.floor_plan_upload(actor=wall.head, area=wall.private, name="ward.png",
                                      content=png())
    services.camera_place(actor=wall.head, area=wall.area, camera=wall.gate, x=0.25, y=0.5)
    services.camera_place(actor=wall.head, area=wall.private, camera=wall.ward, x=0.5,
                          y=0.5)
    return hall, ward


def _refused(rule: str) -> None:
    event = AuditEvent.objects.filter(action="rule.refused").latest("seq")
    assert json.loads(event.data)["rule"] == rule


def test_the_current_plans_are_listed_in_pages(wall, plans):
    answer = _api(wall.operator).get("/api/floor-plans/", {"limit": 1})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    only = _api(wall.operator).get("/api/floor-plans/", {"area": wall.area.pk}).json()
    assert [p["id"] for p in only["results"]] == [plans[0].pk]
    assert only["results"][0]["image"] == f"/devices/floor-plans/{plans[0].pk}/image/"


def test_a_plan_with_its_cameras_and_their_states(wall, plans):
    body = _api(wall.operator).get(f"/api/floor-plans/{plans[0].pk}/").json()
    assert [(p["camera"], p["x"], p["y"]) for p in body["placements"]] == [
        (wall.gate.pk, 0.25, 0.5)]
    assert set(body["placements"][0]["state"]) == {"state", "label", "recording", "since",
                                                   "detail"}
    assert body["may_place"] is False and body["may_upload"] is False


def test_r_foot_6_another_area_s_plan_shows_no_camera_outside_the_scope(wall, plans):
    hidden = _api(wall.operator).get(f"/api/floor-plans/{plans[1].pk}/").json()
    assert hidden["placements"] == []
    assert wall.ward.code not in json.dumps(hidden)
    shown = _api(wall.head).get(f"/api/floor-plans/{plans[1].pk}/").json()
    assert [p["camera"] for p in shown["placements"]] == [wall.ward.pk]


def test_r_equip_1_a_camera_is_placed_and_moved_through_the_service(wall, plans):
    api = _api(wall.head)
    placed = api.post(f"/api/floor-plans/{plans[0].pk}/placements/",
                      {"camera": wall.hall.pk, "x": 0.1, "y": 0.9}, format="json")
    assert placed.status_code == 200, placed.content
    moved = api.post(f"/api/floor-plans/{plans[0].pk}/placements/",
                     {"camera": wall.hall.pk, "x": 0.2, "y": 0.8}, format="json")
    assert (wall.hall.pk, 0.2, 0.8) in [(p["camera"], p["x"], p["y"])
                                        for p in moved.json()["placements"]]
    place = CameraPlacement.objects.get(plan=plans[0], camera=wall.hall)
    assert (place.x, place.y) == (0.2, 0.8)
    events = AuditEvent.objects.filter(action="camera.placed", target_id=str(wall.hall.pk))
    assert events.count() == 2


def test_r_equip_1_a_plan_is_uploaded_and_replaced_keeping_the_places(wall, plans):
    api = _api(wall.head)
    answer = api.post("/api/floor-plans/", {"area": wall.area.pk, "file": SimpleUploadedFile(
        "new.png", png(400, 300), content_type="image/png")}, format="multipart")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["width"], body["height"]) == (400, 300)
    assert [p["camera"] for p in body["placements"]] == [wall.gate.pk]
    plans[0].refresh_from_db()
    assert plans[0].replaced_at is not None
    assert AuditEvent.objects.filter(action="floor_plan.uploaded",
                                     target_id=str(body["id"])).exists()
    stale = api.post(f"/api/floor-plans/{plans[0].pk}/placements/",
                     {"camera": wall.hall.pk, "x": 0.1, "y": 0.1}, format="json")
    assert stale.status_code == 409 and stale.json()["rule"] == "R-EQUIP-1"
    _refused("R-EQUIP-1")


@pytest.mark.parametrize("xy", ['"x": 1.5, "y": 0.5', '"x": -0.1, "y": 0.2',
                                '"x": "left", "y": 0.5', '"x": null, "y": 0.5',
                                '"x": 0.5, "y": 1e999',
                                '"x": [0.5], "y": 0.5', '"y": 0.5'])
def test_r_equip_1_bad_coordinates_are_refused_with_their_fields(wall, plans, xy):
    answer = _api(wall.head).post(f"/api/floor-plans/{plans[0].pk}/placements/",
                                  f'{{"camera": {wall.hall.pk}, {xy}}}',
                                  content_type="application/json")
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["rule"] == "R-EQUIP-1" and set(body["fields"]) & {"x", "y"}
    assert not CameraPlacement.objects.filter(camera=wall.hall).exists()


def test_not_a_number_is_no_json_and_a_400(wall, plans):
    answer = _api(wall.head).post(f"/api/floor-plans/{plans[0].pk}/placements/",
                                  f'{{"camera": {wall.hall.pk}, "x": NaN, "y": 0.5}}',
                                  content_type="application/json")
    assert answer.status_code == 400 and "detail" in answer.json()
    assert not CameraPlacement.objects.filter(camera=wall.hall).exists()


def test_r_equip_1_a_picture_that_is_no_plan_is_refused(wall, plans):
    answer = _api(wall.head).post("/api/floor-plans/", {
        "area": wall.area.pk, "file": SimpleUploadedFile("p.svg", SVG)}, format="multipart")
    assert answer.status_code == 400 and answer.json()["rule"] == "R-EQUIP-1"
    assert "file" in answer.json()["fields"]
    assert FloorPlan.objects.filter(area=wall.area).count() == 1


def test_r_foot_6_a_camera_outside_the_scope_cannot_be_placed_or_named(wall, plans,
                                                                       make_staff):
    from watchroom.core.choices import Role

    outsider = make_staff(Role.SHIFT_LEAD).user
    api = _api(outsider)
    on_ward = api.post(f"/api/floor-plans/{plans[1].pk}/placements/",
                       {"camera": wall.ward.pk, "x": 0.1, "y": 0.1}, format="json")
    assert on_ward.status_code == 400 and on_ward.json()["fields"] == {
        "camera": ["No such camera."]}
    assert wall.ward.code not in on_ward.content.decode()
    in_scope_camera = api.post(f"/api/floor-plans/{plans[1].pk}/placements/",
                               {"camera": wall.gate.pk, "x": 0.1, "y": 0.1}, format="json")
    assert in_scope_camera.status_code == 403
    assert in_scope_camera.json()["rule"] == "R-FOOT-6"
    _refused("R-FOOT-6")
    other_area = api.post(f"/api/floor-plans/{plans[0].pk}/placements/",
                          {"camera": wall.ward.pk, "x": 0.1, "y": 0.1}, format="json")
    assert other_area.status_code == 400 and "camera" in other_area.json()["fields"]
    assert CameraPlacement.objects.get(camera=wall.ward).x == 0.5


def test_r_equip_1_a_camera_of_another_area_is_refused(wall, plans):
    answer = _api(wall.head).post(f"/api/floor-plans/{plans[0].pk}/placements/",
                                  {"camera": wall.ward.pk, "x": 0.1, "y": 0.1}, format="json")
    assert answer.status_code == 400 and "camera" in answer.json()["fields"]


def test_r_sec_1_an_operator_neither_uploads_nor_places(wall, plans):
    api = _api(wall.operator)
    upload = api.post("/api/floor-plans/", {"area": wall.area.pk, "file": SimpleUploadedFile(
        "new.png", png(), content_type="image/png")}, format="multipart")
    assert upload.status_code == 403 and upload.json()["rule"] == "R-SEC-1"
    _refused("R-SEC-1")
    place = api.post(f"/api/floor-plans/{plans[0].pk}/placements/",
                     {"camera": wall.hall.pk, "x": 0.1, "y": 0.1}, format="json")
    assert place.status_code == 403 and place.json()["rule"] == "R-SEC-1"
    assert FloorPlan.objects.count() == 2
    assert not CameraPlacement.objects.filter(camera=wall.hall).exists()


def test_r_sec_1_reading_needs_the_floor_plans_permission(wall, plans, make_staff):
    from watchroom.core.choices import Role

    stranger = make_staff(Role.REQUESTER).user
    assert not stranger.has_perm("devices.view_floorplan")
    assert _api(stranger).get("/api/floor-plans/").status_code == 403
    assert APIClient().get("/api/floor-plans/").status_code in (401, 403)


@pytest.mark.parametrize("pk", ["abc", str(2**63), "999999"])
def test_a_plan_that_does_not_exist_is_a_clear_answer(wall, plans, pk):
    answer = _api(wall.head).get(f"/api/floor-plans/{pk}/")
    assert answer.status_code in (400, 404)


def test_r_equip_1_a_camera_is_taken_off_the_plan_and_audited(wall, plans, make_staff):
    from watchroom.core.choices import Role

    url = f"/api/floor-plans/{plans[0].pk}/placements/{wall.gate.pk}/"
    refused = _api(wall.operator).delete(url)
    assert refused.status_code == 403 and refused.json()["rule"] == "R-SEC-1"
    outsider = make_staff(Role.SHIFT_LEAD).user
    hidden = _api(outsider).delete(f"/api/floor-plans/{plans[1].pk}/placements/{wall.ward.pk}/")
    assert hidden.status_code == 400 and hidden.json()["fields"] == {
        "camera": ["No such camera."]}
    assert CameraPlacement.objects.filter(camera=wall.ward).exists()

    answer = _api(wall.head).delete(url)
    assert answer.status_code == 200, answer.content
    assert answer.json()["placements"] == []
    assert not CameraPlacement.objects.filter(plan=plans[0], camera=wall.gate).exists()
    event = AuditEvent.objects.get(action="camera.unplaced", target_id=str(wall.gate.pk))
    assert json.loads(event.data)["before"] == [0.25, 0.5]
    again = _api(wall.head).delete(url)
    assert again.status_code == 400 and "camera" in again.json()["fields"]
