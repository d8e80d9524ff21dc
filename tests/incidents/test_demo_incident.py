"""The demo hospital has one open incident, turned from an operator's anomaly entry, its
area's cameras' footage on hold."""

from watchroom import demo
from watchroom.incidents.models import Incident


def test_the_demo_has_one_open_incident_with_its_hold(db, plans_dir):
    demo.load()
    incident = Incident.objects.get()
    assert incident.is_open and incident.source == "log_entry"
    hold = incident.holds.get()
    assert hold.released_at is None
    assert set(hold.cameras.all()) == set(incident.area.cameras.all())
    assert incident.area.code == demo.TEST_PATTERN_AREA
    assert [e.kind for e in incident.events.all()] == [
        "created", "hold_placed", "escalated", "note"]
