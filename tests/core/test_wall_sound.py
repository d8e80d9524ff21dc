"""The wall's alert sound, per monitoring room: the room head turns it off or on (audited),
nobody else; the button shows only for those allowed, and the alert feed reports it."""

import json

import pytest
from django.urls import reverse

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.rooms import wall_sound_for
from watchroom.core.services import rooms_and_scope as services
from watchroom.rules import RuleViolation


@pytest.fixture
def head(make_staff, room):
    return make_staff(Role.SHIFT_LEAD, rooms=[room]).user


def test_room_head_turns_the_sound_off_and_on_audited(head, room):
    assert room.wall_sound and wall_sound_for(head)
    services.room_wall_sound_set(actor=head, room=room, on=False)
    room.refresh_from_db()
    assert not room.wall_sound and not wall_sound_for(head)
    services.room_wall_sound_set(actor=head, room=room, on=False)  # no change, no event
    services.room_wall_sound_set(actor=head, room=room, on=True)
    events = AuditEvent.objects.filter(action="room.wall_sound_set").order_by("seq")
    assert [json.loads(e.data)["wall_sound"] for e in events] == [False, True]
    assert {e.actor for e in events} == {head.username}


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TECHNICIAN, Role.ADMINISTRATOR])
def test_r_sec_1_others_may_not_set_the_sound(make_staff, room, role):
    person = make_staff(role).user
    with pytest.raises(RuleViolation) as refused:
        services.room_wall_sound_set(actor=person, room=room, on=False)
    assert refused.value.status == 403
    room.refresh_from_db()
    assert room.wall_sound
    event = AuditEvent.objects.filter(action="rule.refused").latest("seq")
    assert json.loads(event.data)["rule"] == "R-SEC-1"


def test_r_sec_1_the_head_of_another_room_may_not(make_staff, room, site):
    from tests.conftest import SYSTEM
    from watchroom.core import services as core

    other = core.room_create(actor=SYSTEM, site=site, code="R-EAST", name="东院监控室",
                             capacity=4)
    stranger = make_staff(Role.SHIFT_LEAD, rooms=[other]).user
    with pytest.raises(RuleViolation):
        services.room_wall_sound_set(actor=stranger, room=room, on=False)
    chief = make_staff(Role.SECURITY_CHIEF).user
    services.room_wall_sound_set(actor=chief, room=room, on=False)


def test_the_button_shows_only_when_allowed(client, make_staff, head, room):
    url = reverse("core:room_detail", args=[room.pk])
    client.force_login(make_staff(Role.ADMINISTRATOR).user)
    assert 'data-testid="wall-sound"' not in client.get(url).content.decode()
    client.force_login(head)
    html = client.get(url).content.decode()
    assert 'data-testid="wall-sound"' in html and 'value="off"' in html
    client.post(reverse("core:room_wall_sound", args=[room.pk]), {"on": "off"})
    room.refresh_from_db()
    assert not room.wall_sound
    assert 'value="on"' in client.get(url).content.decode()
