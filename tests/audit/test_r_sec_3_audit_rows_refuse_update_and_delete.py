"""R-SEC-3: the audit table is append-only in the database itself, not only in code."""

import pytest
from django.db import DatabaseError, connection, transaction

from watchroom.audit.models import AuditCheckpoint, AuditEvent
from watchroom.audit.services import checkpoint_create


def _refused(sql, params=None):
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    assert "append-only" in str(caught.value)


def test_a_direct_sql_update_is_refused(record):
    event = record(1)
    _refused("UPDATE audit_auditevent SET data = %s WHERE seq = %s", ['{"x":1}', event.seq])
    assert AuditEvent.objects.get(seq=event.seq).data == event.data


def test_a_direct_sql_delete_is_refused(record):
    event = record(1)
    _refused("DELETE FROM audit_auditevent WHERE seq = %s", [event.seq])
    _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(seq=event.seq).exists()


def test_the_orm_cannot_update_or_delete_either(record):
    event = record(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=event.seq).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=event.seq).delete()


def test_emptying_the_tables_at_once_is_refused(record, system):
    """TRUNCATE on PostgreSQL; SQLite has none, its fast path is a DELETE without WHERE."""
    record(1)
    checkpoint_create(actor=system)
    for table in ("audit_auditevent", "audit_auditcheckpoint"):
        if connection.vendor == "postgresql":
            _refused(f"TRUNCATE {table}")
        else:
            _refused(f"DELETE FROM {table}")
    assert AuditEvent.objects.exists()
    assert AuditCheckpoint.objects.exists()
