"""R-DUTY-4 in the database: a locked log entry cannot be altered or deleted, whatever
the code that tries; an unlocked one still changes and then locks."""

import pytest
from django.db import DatabaseError, connection, transaction

from tests.support.duty import db_refuses
from watchroom.duty import services
from watchroom.duty.models import LogEntry

pytestmark = pytest.mark.django_db


def test_r_duty_4_a_locked_entry_refuses_bulk_update_and_delete(accepted):
    entry = LogEntry.objects.filter(locked_at__isnull=False).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(seen="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(locked_at=None)
    db_refuses("UPDATE duty_logentry SET seen = %s WHERE id = %s", ["改写", entry.pk])
    db_refuses("DELETE FROM duty_logentry WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's own deferred checks run first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        db_refuses("TRUNCATE duty_logentry CASCADE")
        db_refuses("TRUNCATE duty_handover CASCADE")
    assert LogEntry.objects.get(pk=entry.pk).seen == entry.seen


def test_r_duty_4_an_unlocked_entry_still_changes_and_locks(on_duty, clock):
    entry = LogEntry.objects.filter(author=on_duty.night[0]).first()
    clock(3, 30)
    changed = services.log_entry_change(actor=on_duty.night[0], entry=entry, seen="三号门已无人")
    assert changed.seen == "三号门已无人"
    clock(7, 0)
    assert services.log_entries_lock(actor=on_duty.night[0], room=on_duty.room,
                            until=changed.at) >= 1
    correction = services.log_entry_correct(actor=on_duty.night[0], entry=changed, seen="补记")
    assert correction.corrects_id == changed.pk
