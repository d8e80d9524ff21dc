"""The wall's alert feed (/alerts/feed/): the open critical alerts that concern the person
(R-FOOT-6: not a camera of a privacy-sensitive area outside their knowledge scope; a
room's alerts for the people of that room), each with the address to acknowledge it
exactly when the service would accept (R-INC-2), and the room's wall sound."""

import pytest
from django.urls import reverse

from tests.conftest import SYSTEM
from watchroom.alerts import selectors, services
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.core.services import rooms_and_scope
from watchroom.devices import services as devices
from watchroom.rules import RuleViolation

FEED = "/alerts/feed/"


def _raise(kind, severity, key, target=None, message="告警"):
    return services.alert_raise(actor=SYSTEM, kind=kind, severity=severity, key=key,
                                message=message, target=target)[0]


@pytest.fixture
def operator(make_staff, room):
    return make_staff(Role.OPERATOR, rooms=[room]).user


def _feed(client, user, **params):
    client.force_login(user)
    response = client.get(FEED, params)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    return response.json()


def test_r_inc_2_the_feed_lists_open_critical_alerts_only(client, operator):
    full = _raise("recording.disk_full", "critical", "recording.disk_full", message="磁盘已满")
    _raise("recording.storage_projection", "warning", "recording.storage_projection")
    _raise("recording.backup", "info", "recording.backup:x")
    closed = _raise("recording.gap", "critical", "recording.gap:1")
    services.alert_close(actor=SYSTEM, key=closed.key)
    data = _feed(client, operator)
    assert [a["id"] for a in data["alerts"]] == [full.pk]
    [item] = data["alerts"]
    assert item["kind_label"] == "录像存储已满" and item["message"] == "磁盘已满"
    assert item["since"] and item["since_utc"].endswith("Z")
    assert item["url"] == full.get_absolute_url()
    assert data["sound"] is True


def test_r_inc_2_acknowledge_url_exactly_when_allowed(client, operator, make_staff):
    alert = _raise("recording.disk_full", "critical", "recording.disk_full")
    auditor = make_staff(Role.AUDITOR).user  # sees alerts, may not acknowledge them
    [item] = _feed(client, auditor)["alerts"]
    assert item["acknowledge_url"] is None
    with pytest.raises(RuleViolation):
        services.alert_acknowledge(actor=auditor, alert=alert)
    [item] = _feed(client, operator)["alerts"]
    assert item["acknowledge_url"] == reverse("alerts:alert_acknowledge", args=[alert.pk])
    response = client.post(item["acknowledge_url"], HTTP_ACCEPT="application/json")
    assert response.json() == {"acknowledged": alert.pk}
    [item] = _feed(client, operator)["alerts"]
    assert item["acknowledged"] and item["acknowledge_url"] is None
    assert item["acknowledged_by"] == operator.staff.full_name


def test_r_foot_6_a_hidden_cameras_alert_is_not_in_the_feed(client, operator, site, department,
                                                            make_staff):
    ward = core.area_create(actor=SYSTEM, site=site, code="CK-9", name="产科病房走廊",
                            department=department, privacy_sensitive=True)
    camera = devices.camera_create(actor=SYSTEM, code="CAM-CK", name="产科 1 号", area=ward)
    alert = _raise("recording.gap", "critical", f"recording.gap:{camera.pk}", target=camera)
    assert _feed(client, operator)["alerts"] == []
    with pytest.raises(RuleViolation) as refused:
        services.alert_acknowledge(actor=operator, alert=alert)
    assert refused.value.rule_id == "R-FOOT-6"
    chief = make_staff(Role.SECURITY_CHIEF).user
    rooms_and_scope.knowledge_scope_add(actor=chief, area=ward, person=operator)
    assert [a["id"] for a in _feed(client, operator)["alerts"]] == [alert.pk]


def test_a_rooms_alerts_go_to_its_people(client, operator, room, site, make_staff):
    other = core.room_create(actor=SYSTEM, site=site, code="R-E", name="东院监控室", capacity=4)
    mine = _raise("duty.uncovered", "critical", "duty.uncovered:a", target=room)
    theirs = _raise("duty.uncovered", "critical", "duty.uncovered:b", target=other)
    assert [a["id"] for a in _feed(client, operator)["alerts"]] == [mine.pk]
    chief = make_staff(Role.SECURITY_CHIEF).user  # attached to no room: sees every room's
    assert {a["id"] for a in _feed(client, chief)["alerts"]} == {mine.pk, theirs.pk}
    assert set(selectors.critical_feed(chief).values_list("pk", flat=True)) == {mine.pk,
                                                                                theirs.pk}


def test_the_feed_says_whether_the_room_sounds(client, operator, room, make_staff):
    head = make_staff(Role.SHIFT_LEAD, rooms=[room]).user
    rooms_and_scope.room_wall_sound_set(actor=head, room=room, on=False)
    assert _feed(client, operator)["sound"] is False
    assert _feed(client, operator, room=room.pk)["sound"] is False
    rooms_and_scope.room_wall_sound_set(actor=head, room=room, on=True)
    assert _feed(client, operator)["sound"] is True


def test_the_feed_needs_the_right_to_see_alerts(client, make_staff):
    client.force_login(make_staff(Role.REQUESTER).user)
    assert client.get(FEED).status_code == 403


def test_the_home_page_carries_the_feed_for_those_who_see_alerts(client, operator, make_staff):
    client.force_login(operator)
    assert 'data-alert-feed' in client.get("/").content.decode()
    client.force_login(make_staff(Role.REQUESTER).user)
    assert 'data-alert-feed' not in client.get("/").content.decode()


def test_the_duty_desk_carries_the_feed_for_its_room(client, operator, room):
    client.force_login(operator)
    html = client.get(reverse("duty:desk", args=[room.pk])).content.decode()
    assert f'data-feed-url="{FEED}?room={room.pk}"' in html


def test_r_inc_2_acknowledging_twice_from_the_wall_answers_the_rule(client, operator):
    alert = _raise("recording.disk_full", "critical", "recording.disk_full")
    client.force_login(operator)
    url = reverse("alerts:alert_acknowledge", args=[alert.pk])
    assert client.post(url, HTTP_ACCEPT="application/json").status_code == 200
    response = client.post(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and response.json()["rule"] == "R-INC-2"
