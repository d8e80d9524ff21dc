"""The wall's layouts over the API: the same service, the same rules (R-FOOT-6 for the
cameras, the room head for the room's), answers naming the rule."""

from rest_framework.test import APIClient

from watchroom.core.choices import Role
from watchroom.live.models import WallLayout


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_layout_saved_over_the_api_is_read_back(wall):
    api = _api(wall.operator)
    answer = api.post("/api/wall-layouts/", {"grid": 4, "pages": [[wall.hall.pk, None, None,
                                                                    None]],
                                             "cycle_seconds": 30}, format="json")
    assert answer.status_code == 201, answer.content
    rows = api.get("/api/wall-layouts/").json()["results"]
    assert rows == [{"scope": "person", "grid": 4, "pages": [[wall.hall.pk, None, None, None]],
                     "cycle_seconds": 30, "changed_at": rows[0]["changed_at"]}]


def test_r_foot_6_the_api_refuses_a_camera_outside_the_scope_and_hides_it_in_the_room_s(wall):
    refused = _api(wall.operator).post("/api/wall-layouts/", {
        "grid": 1, "pages": [[wall.ward.pk]]}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-FOOT-6"
    saved = _api(wall.head).post("/api/wall-layouts/", {
        "grid": 1, "pages": [[wall.ward.pk]], "room": True}, format="json")
    assert saved.status_code == 201 and WallLayout.objects.get(room=wall.room)
    rows = _api(wall.operator).get("/api/wall-layouts/").json()["results"]
    assert [(r["scope"], r["pages"]) for r in rows] == [("room", [[None]])]


def test_the_room_s_layout_is_the_room_head_s_and_the_api_is_closed_to_non_watchers(
        wall, user_of):
    refused = _api(wall.operator).post("/api/wall-layouts/", {
        "grid": 1, "pages": [[None]], "room": True}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-INC-1"
    auditor = _api(user_of(Role.AUDITOR))
    assert auditor.get("/api/wall-layouts/").status_code == 403
    bad = _api(wall.operator).post("/api/wall-layouts/", {"grid": 5, "pages": [[None] * 5]},
                                   format="json")
    assert bad.status_code == 400
