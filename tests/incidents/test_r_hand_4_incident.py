"""R-HAND-4: an incident open across a handover belongs to both shifts: the handover form
shows the room's open incidents, and the incident's timeline records the handover."""

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import sign
from watchroom.duty import services as duty
from watchroom.incidents import services

pytestmark = pytest.mark.django_db


def _incident(shift, **fields):
    return services.incident_create(actor=shift.night[0], room=shift.room, title="急诊门口有人闹事",
                                    seen="家属情绪激动", category="dispute", **fields)


def test_r_hand_4_the_handover_form_shows_the_open_incidents(client, on_duty, clock):
    clock(6, 0)
    open_one = _incident(on_duty)
    closed = _incident(on_duty, told="院办")
    services.incident_close(actor=on_duty.lead, incident=closed, disposal="劝离", result="平息")
    clock(7, 50)
    client.force_login(on_duty.night[0])
    page = client.get(f"/duty/handover/{on_duty.room.pk}/").content.decode()
    assert 'data-testid="handover-incidents"' in page
    assert f"/incidents/{open_one.pk}/" in page and f"/incidents/{closed.pk}/" not in page
    sign(on_duty)
    client.force_login(on_duty.day[0])
    page = client.get(f"/duty/handover/{on_duty.room.pk}/").content.decode()
    assert f"/incidents/{open_one.pk}/" in page  # the incoming operator sees it too


def test_r_hand_4_the_incident_records_the_handover_it_spanned(on_duty, clock):
    clock(6, 0)
    incident = _incident(on_duty)
    clock(7, 52)
    signed = sign(on_duty)
    clock(7, 55)
    duty.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    assert list(incident.handovers.all()) == [signed]
    event = incident.events.get(kind="handover")
    assert event.handover == signed and event.actor == on_duty.day[0]
    assert signed.outgoing_signer.staff.full_name in event.text
    # the incoming shift works on it as the outgoing one did
    services.incident_note(actor=on_duty.day[1], incident=incident, text="接班后继续安抚家属")


def test_r_hand_4_a_closed_incident_spans_no_handover(on_duty, clock):
    clock(6, 0)
    incident = _incident(on_duty)
    services.incident_close(actor=on_duty.lead, incident=incident, disposal="劝离", result="平息")
    clock(7, 52)
    signed = sign(on_duty)
    clock(7, 55)
    duty.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    assert not incident.handovers.exists()
