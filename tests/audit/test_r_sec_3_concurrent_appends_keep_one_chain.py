"""R-SEC-3 / DESIGN "Audit trail": writers on separate connections append at the
same time and the chain stays unbroken, without gaps or forks.

On SQLite the writers share a database file, as in production: pytest-django's
in-memory test database uses a shared cache, whose table locks fail at once
instead of waiting like the file locks that WAL mode and the busy timeout handle."""

import threading

from django.db import connection

from tests.audit.conftest import in_thread
from watchroom.audit import chain
from watchroom.audit.context import Process
from watchroom.audit.models import AuditEvent
from watchroom.audit.services import audit_record
from watchroom.service import service

WRITERS = 6
EACH = 25


@service
def _write(*, actor, n):
    audit_record(actor=actor, action="test.concurrent", data={"n": n})


def test_concurrent_writers_produce_one_unbroken_chain(shared_database):
    count = lambda: AuditEvent.objects.count()  # noqa: E731
    start = in_thread(count)
    errors = []
    barrier = threading.Barrier(WRITERS)

    def writer(k):
        try:
            barrier.wait()
            for n in range(EACH):
                _write(actor=Process(f"writer-{k}"), n=n)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    # On PostgreSQL a writer that found the head taken left its event pending, to be
    # sealed by the next writer or the worker: nothing is lost meanwhile.
    assert in_thread(count) + in_thread(chain.pending_count) == start + WRITERS * EACH
    in_thread(chain.seal_pending)
    assert in_thread(chain.pending_count) == 0
    assert in_thread(count) == start + WRITERS * EACH
    result = in_thread(chain.verify)
    assert result.ok, result.reason
    assert result.count == start + WRITERS * EACH
    seqs = in_thread(lambda: list(AuditEvent.objects.values_list("seq", flat=True)
                                   .order_by("seq")))
    assert seqs == list(range(1, len(seqs) + 1))
    actors = in_thread(lambda: set(AuditEvent.objects.filter(action="test.concurrent")
                                    .values_list("actor", flat=True)))
    assert len(actors) == WRITERS
