"""R-SEC-3 / DESIGN "Audit trail": while one transaction holds the chain's head, another
service's change commits at once with its event (pending on PostgreSQL), and the event
is sealed into the chain right after; nothing is lost and the chain stays whole.

SQLite has one writer at a time by design (BEGIN IMMEDIATE), so there every event is
chained in its own transaction and nothing is ever pending."""

import threading

from django.db import connection, transaction

from tests.audit.conftest import in_thread
from watchroom.audit import chain
from watchroom.audit.context import Process
from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.audit.services import audit_record
from watchroom.service import service


@service
def _write(*, actor, n):
    return audit_record(actor=actor, action="test.busy_head", data={"n": n})


def test_an_event_written_while_the_head_is_busy_commits_and_is_sealed(shared_database):
    if connection.vendor != "postgresql":
        event = in_thread(lambda: _write(actor=Process("t"), n=0))
        assert event.seq is not None
        assert in_thread(AuditPending.objects.count) == 0
        assert in_thread(chain.seal_pending) == 0
        assert in_thread(chain.verify).ok
        return

    holding, release = threading.Event(), threading.Event()

    def hold_the_head():
        with transaction.atomic():
            _write(actor=Process("holder"), n=1)
            holding.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold_the_head)
    holder.start()
    assert holding.wait(30)
    try:
        event = in_thread(lambda: _write(actor=Process("writer"), n=2))
        assert event.seq is None, "the writer should not have waited for the head"
        assert in_thread(lambda: AuditPending.objects.filter(action="test.busy_head").count()) == 1
    finally:
        release.set()
        holder.join()

    assert in_thread(chain.seal_pending) == 1
    assert in_thread(AuditPending.objects.count) == 0
    order = in_thread(lambda: list(AuditEvent.objects.filter(action="test.busy_head")
                                   .order_by("seq").values_list("actor", flat=True)))
    assert order == ["process:holder", "process:writer"]
    result = in_thread(chain.verify)
    assert result.ok, result.reason


def test_the_next_writer_seals_what_is_pending_before_its_own_event(shared_database):
    if connection.vendor != "postgresql":
        for n in range(3):
            in_thread(lambda n=n: _write(actor=Process("w"), n=n))
        assert in_thread(AuditPending.objects.count) == 0
        return
    holding, release = threading.Event(), threading.Event()

    def hold_the_head():
        with transaction.atomic():
            chain.locked_head()
            holding.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold_the_head)
    holder.start()
    assert holding.wait(30)
    try:
        for n in range(3):
            assert in_thread(lambda n=n: _write(actor=Process(f"w{n}"), n=n)).seq is None
    finally:
        release.set()
        holder.join()
    # The next writer to hold the head seals the three pending events before its own.
    last = in_thread(lambda: _write(actor=Process("w3"), n=3))
    assert last.seq is not None
    actors = in_thread(lambda: list(AuditEvent.objects.filter(action="test.busy_head")
                                    .order_by("seq").values_list("actor", flat=True)))
    assert actors == ["process:w0", "process:w1", "process:w2", "process:w3"]
    assert in_thread(AuditPending.objects.count) == 0
    assert in_thread(chain.verify).ok
