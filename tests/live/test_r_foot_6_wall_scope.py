"""R-FOOT-6 on the wall: a camera of a privacy-sensitive area is absent, for anyone
outside the area's knowledge scope, from the wall page, the camera tree, the states the
wall polls and any layout shown; asking to watch it live is refused (403) and audited."""

import json

from tests.live.scene import refusals


def test_r_foot_6_a_sensitive_camera_is_absent_from_the_wall_page_of_an_outsider(client, wall):
    client.force_login(wall.operator)
    page = client.get("/wall/").content.decode()
    assert wall.hall.code in page and wall.gate.code in page
    assert wall.ward.code not in page
    assert f'"{wall.ward.pk}"' not in page.split('id="wall-config"')[1].split("</script>")[0]


def test_r_foot_6_the_area_s_scope_sees_the_sensitive_camera(client, wall):
    client.force_login(wall.head)
    assert wall.ward.code in client.get("/wall/").content.decode()


def test_r_foot_6_the_camera_tree_json_leaves_it_out(client, wall):
    client.force_login(wall.operator)
    tree = client.get("/wall/tree/").json()
    ids = {c["id"] for s in tree["sites"] for a in s["areas"] for c in a["cameras"]}
    assert ids == {wall.hall.pk, wall.gate.pk}
    assert wall.private.name not in json.dumps(tree, ensure_ascii=False)
    client.force_login(wall.head)
    tree = client.get("/wall/tree/").json()
    assert wall.ward.pk in {c["id"] for s in tree["sites"] for a in s["areas"]
                            for c in a["cameras"]}


def test_r_foot_6_the_states_json_leaves_it_out(client, wall):
    client.force_login(wall.operator)
    asked = f"{wall.hall.pk},{wall.ward.pk}"
    states = client.get(f"/wall/states/?cameras={asked}").json()["cameras"]
    assert set(states) == {str(wall.hall.pk)}
    assert {"state", "label", "recording"} <= set(states[str(wall.hall.pk)])


def test_r_foot_6_a_crafted_live_request_for_it_is_refused_and_audited(client, wall):
    client.force_login(wall.operator)
    response = client.post("/wall/open/", {"camera": wall.ward.pk, "stream": "main"})
    assert response.status_code == 403
    assert response.json()["rule"] == "R-FOOT-6"
    assert refusals("R-FOOT-6", wall.operator) == 1


def test_r_foot_6_a_room_layout_shows_an_outsider_an_empty_tile_in_its_place(client, wall):
    from watchroom.live.services import wall_layout_save

    wall_layout_save(actor=wall.head, grid=4, room=wall.room,
                     pages=[[wall.ward.pk, wall.hall.pk, None, None]])
    client.force_login(wall.operator)
    page = client.get("/wall/").content.decode()
    config = json.loads(page.split('id="wall-config" type="application/json">')[1]
                        .split("</script>")[0])
    assert config["source"] == "room"
    assert config["layout"]["pages"] == [[None, wall.hall.pk, None, None]]
