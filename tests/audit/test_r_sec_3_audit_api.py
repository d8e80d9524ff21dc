"""R-SEC-3: the read-only audit API, its filters, and its clean schema."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from watchroom.audit.services import checkpoint_create
from watchroom.core.choices import Role

EVENTS = "/api/audit/events/"


@pytest.fixture
def auditor(client_as):
    return client_as(Role.AUDITOR)


def _seqs(response):
    assert response.status_code == 200, response.content
    return [row["seq"] for row in response.json()["results"]]


def test_events_are_listed_newest_first_and_filtered(auditor, record, site, system):
    login = record(1, action="auth.login")
    target = record(1, action="test.target", target=site)
    seqs = _seqs(auditor.get(EVENTS))
    assert seqs == sorted(seqs, reverse=True)
    assert _seqs(auditor.get(EVENTS, {"action": "auth."}))[0] == login.seq
    assert _seqs(auditor.get(EVENTS, {"target_type": "core.site", "target_id": site.pk,
                                      "action": "test.target"})) == [target.seq]
    assert target.seq in _seqs(auditor.get(EVENTS, {"actor": str(system)}))
    future = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    assert _seqs(auditor.get(EVENTS, {"since": future})) == []
    assert target.seq in _seqs(auditor.get(EVENTS, {"until": future}))
    assert auditor.get(EVENTS, {"since": "yesterday"}).status_code == 400


def test_one_event_and_checkpoints(auditor, record, system):
    event = record(1)
    body = auditor.get(f"{EVENTS}{event.seq}/").json()
    assert body["hash"] == event.hash and body["prev_hash"] == event.prev_hash
    point = checkpoint_create(actor=system)
    listed = auditor.get("/api/audit/checkpoints/").json()["results"]
    assert listed[0]["hash"] == point.hash and listed[0]["signature"] == point.signature
    assert listed[0]["number"] == point.number and listed[0]["prev_hash"] == point.prev_hash


def test_the_api_is_read_only(auditor, record):
    event = record(1)
    assert auditor.post(EVENTS, {}).status_code in (403, 405)
    assert auditor.delete(f"{EVENTS}{event.seq}/").status_code in (403, 405)


def test_an_operator_gets_403(client_as, record):
    record(1)
    operator = client_as(Role.OPERATOR)
    assert operator.get(EVENTS).status_code == 403
    assert operator.get("/api/audit/checkpoints/").status_code == 403


def test_route_names(db):
    assert reverse("audit-event-list") == EVENTS
    assert reverse("audit-checkpoint-list") == "/api/audit/checkpoints/"


def test_the_schema_has_no_warnings_for_the_audit_api(db, capsys):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/audit/events/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/audit/events/"]["get"]["parameters"]}
    assert {"actor", "action", "target_type", "target_id", "since", "until"} <= params
    output = capsys.readouterr().err
    assert not [line for line in output.splitlines() if "audit" in line.lower()], output
