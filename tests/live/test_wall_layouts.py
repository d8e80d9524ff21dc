"""Layouts: a person's own, restored when they come back; the room's, set by the room
head, for those without their own; the grid is 1, 4, 9 or 16 tiles, pages cycle every
N seconds; a layout naming a camera the person may not see is refused (R-FOOT-6)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live.scene import refusals
from watchroom.audit.models import AuditEvent
from watchroom.live.models import WallLayout
from watchroom.live.services import wall_layout_save
from watchroom.rules import RuleViolation


def _config(client) -> dict:
    page = client.get("/wall/").content.decode()
    return json.loads(page.split('id="wall-config" type="application/json">')[1]
                      .split("</script>")[0])


def test_r_inc_1_a_person_s_layout_is_saved_and_comes_back(client, wall):
    client.force_login(wall.operator)
    assert _config(client)["layout"] == {"grid": 4, "pages": [[None] * 4], "cycle_seconds": 0}
    pages = [[wall.hall.pk, None, wall.gate.pk, None], [wall.gate.pk, None, None, None]]
    response = client.post("/wall/layout/", {"grid": 4, "pages": json.dumps(pages),
                                             "cycle_seconds": 20})
    assert response.status_code == 200, response.content
    client.logout()
    client.force_login(wall.operator)
    config = _config(client)
    assert config["source"] == "person"
    assert config["layout"] == {"grid": 4, "pages": pages, "cycle_seconds": 20}
    event = AuditEvent.objects.get(action="wall.layout_saved")
    assert json.loads(event.data)["pages"] == pages


def test_r_inc_1_the_room_head_sets_the_room_s_layout_for_those_without_their_own(client, wall):
    client.force_login(wall.head)
    response = client.post("/wall/layout/", {"grid": 9, "room": "on", "pages": json.dumps(
        [[wall.hall.pk] + [None] * 8])})
    assert response.status_code == 200, response.content
    assert WallLayout.objects.get(room=wall.room).grid == 9
    client.force_login(wall.operator)
    config = _config(client)
    assert config["source"] == "room" and config["layout"]["grid"] == 9
    wall_layout_save(actor=wall.operator, grid=1, pages=[[wall.gate.pk]])
    assert _config(client)["layout"]["pages"] == [[wall.gate.pk]]


def test_r_inc_1_an_operator_may_not_set_the_room_s_layout(client, wall):
    client.force_login(wall.operator)
    response = client.post("/wall/layout/", {"grid": 4, "room": "on",
                                             "pages": json.dumps([[None] * 4])})
    assert response.status_code == 403
    assert not WallLayout.objects.filter(room=wall.room).exists()
    assert refusals("R-INC-1", wall.operator) == 1


def test_r_foot_6_a_layout_with_a_camera_the_person_may_not_see_is_refused(client, wall):
    client.force_login(wall.operator)
    response = client.post("/wall/layout/", {"grid": 4, "pages": json.dumps(
        [[wall.hall.pk, wall.ward.pk, None, None]])})
    assert response.status_code == 403
    assert response.json()["rule"] == "R-FOOT-6"
    assert not WallLayout.objects.exists()
    assert refusals("R-FOOT-6", wall.operator) == 1


def test_a_layout_naming_no_camera_that_exists_is_refused(wall):
    with pytest.raises(RuleViolation) as refused:
        wall_layout_save(actor=wall.operator, grid=1, pages=[[999_999]])
    assert refused.value.status == 400 and "pages" in refused.value.fields


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.integers(min_value=-2, max_value=20), tiles=st.integers(min_value=0, max_value=20),
       cycle=st.integers(min_value=-5, max_value=4000))
def test_r_inc_1_only_1_4_9_16_tiles_full_pages_and_sane_cycles_are_saved(wall, grid, tiles,
                                                                         cycle):
    pages = [[None] * tiles]
    good = (grid in (1, 4, 9, 16) and tiles == grid and (cycle == 0 or 5 <= cycle <= 3600))
    try:
        saved = wall_layout_save(actor=wall.operator, grid=grid, pages=pages,
                                 cycle_seconds=cycle)
    except RuleViolation as exc:
        assert not good, exc
        assert exc.status == 400 and exc.fields
    else:
        assert good
        assert (saved.grid, saved.pages, saved.cycle_seconds) == (grid, pages, cycle)


@pytest.mark.parametrize("pages", ["nonsense", json.dumps({"a": 1}), json.dumps([["x"] * 4]),
                                   json.dumps([[None] * 4] * 17), json.dumps([[1.5] * 4])])
def test_r_inc_1_unreadable_pages_are_refused_with_the_field_named(client, wall, pages):
    client.force_login(wall.operator)
    response = client.post("/wall/layout/", {"grid": 4, "pages": pages})
    assert response.status_code == 400
    assert "pages" in response.json()["fields"]
    assert not WallLayout.objects.exists()


def test_the_demo_room_s_wall_shows_its_test_pattern_cameras(db):
    from watchroom import demo

    demo.load()
    layout = WallLayout.objects.get(room__code="JKZX")
    cameras = [c for page in layout.pages for c in page if c]
    assert layout.grid == 4 and len(cameras) == 4
    from watchroom.devices.models import Camera

    assert set(Camera.objects.filter(pk__in=cameras).values_list("recorder__kind", flat=True)) \
        == {"watchroom"}
