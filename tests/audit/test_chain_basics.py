import itertools

from django.db import transaction

from watchroom.audit import chain
from watchroom.audit.models import AuditEvent
from watchroom.audit.services import audit_record


def test_events_chain_in_order_and_verify(db, system):
    for n in range(5):
        with transaction.atomic():
            audit_record(actor=system, action="test.event", data={"n": n, "名": "值"})
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events][-5:] == list(range(events[-5].seq, events[-5].seq + 5))
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash
    result = chain.verify()
    assert result.ok, result.reason
    assert result.count == len(events)
