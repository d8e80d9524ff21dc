"""R-HAND-5, R-DUTY-4: a decided handover and a locked log entry are refused by the
database itself, whatever path the change takes (a bulk update, raw SQL); `audit
verify` recomputes every accepted handover's content hash."""

import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tests.conftest import PASSWORD
from tests.support.duty import sign
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty import triggers as duty_triggers
from watchroom.duty.models import Handover, HandoverStatus, LogEntry
from watchroom.duty.selectors import handover

pytestmark = pytest.mark.django_db


def _refused(statement, params=None):
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as c:
        c.execute(statement, params)
    assert "R-HAND-5" in str(caught.value) or "R-DUTY-4" in str(caught.value)


@pytest.fixture
def accepted(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    clock(7, 55)
    return services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)


def test_r_hand_5_a_bulk_update_of_an_accepted_handover_is_refused(accepted):
    with pytest.raises(DatabaseError), transaction.atomic():
        Handover.objects.filter(pk=accepted.pk).update(continuing="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        Handover.objects.filter(pk=accepted.pk).update(status=HandoverStatus.REFUSED)
    _refused("UPDATE duty_handover SET continuing = %s WHERE id = %s", ["改写", accepted.pk])
    _refused("DELETE FROM duty_handover WHERE id = %s", [accepted.pk])
    assert Handover.objects.get(pk=accepted.pk).continuing == accepted.continuing


def test_r_hand_5_a_signed_handover_keeps_its_content_until_decided(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    _refused("UPDATE duty_handover SET continuing = %s WHERE id = %s", ["改写", signed.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Handover.objects.filter(pk=signed.pk).update(items=[])
    clock(7, 55)
    done = services.handover_refuse(actor=on_duty.day[0], handover=signed, reasons="钥匙少一把",
                           password=PASSWORD)
    assert done.status == HandoverStatus.REFUSED
    _refused("UPDATE duty_handover SET refused_items = %s WHERE id = %s", ["x", signed.pk])


def test_r_duty_4_a_locked_entry_refuses_bulk_update_and_delete(accepted):
    entry = LogEntry.objects.filter(locked_at__isnull=False).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(seen="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(locked_at=None)
    _refused("UPDATE duty_logentry SET seen = %s WHERE id = %s", ["改写", entry.pk])
    _refused("DELETE FROM duty_logentry WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's own deferred checks run first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        _refused("TRUNCATE duty_logentry CASCADE")
        _refused("TRUNCATE duty_handover CASCADE")
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


def _verify(capsys) -> tuple[int, str]:
    try:
        call_command("audit", "verify")
    except SystemExit as exit_:
        return exit_.code, capsys.readouterr().err
    return 0, capsys.readouterr().out


def test_r_hand_5_audit_verify_recomputes_accepted_handover_hashes(accepted, capsys):
    code, out = _verify(capsys)
    assert code == 0, out
    assert "1 accepted handovers" in out
    # an attacker who can drop the triggers rewrites the content and its stored hash
    with connection.cursor() as cursor:
        for statement in duty_triggers.drop_sql(connection.vendor):
            cursor.execute(statement)
        try:
            forged = Handover.objects.get(pk=accepted.pk)
            forged.continuing = "改写"
            cursor.execute("UPDATE duty_handover SET continuing = %s, content_hash = %s"
                           " WHERE id = %s", ["改写", handover.content_hash(forged), accepted.pk])
        finally:
            for statement in duty_triggers.create_sql(connection.vendor):
                cursor.execute(statement)
    code, err = _verify(capsys)
    assert code == 1
    assert f"handover {accepted.pk}" in err and "audit trail" in err


def test_r_hand_5_audit_verify_finds_content_changed_without_its_hash(accepted, capsys):
    with connection.cursor() as cursor:
        for statement in duty_triggers.drop_sql(connection.vendor):
            cursor.execute(statement)
        try:
            cursor.execute("UPDATE duty_handover SET continuing = %s WHERE id = %s",
                           ["改写", accepted.pk])
        finally:
            for statement in duty_triggers.create_sql(connection.vendor):
                cursor.execute(statement)
    code, err = _verify(capsys)
    assert code == 1
    assert f"handover {accepted.pk}" in err and "content" in err
    event = AuditEvent.objects.get(action="duty.handover_accepted")
    assert json.loads(event.data)["content_hash"] == accepted.content_hash


_SAMPLE = {"room_id": None, "shift_start": "2026-03-10 09:00:00", "outgoing_people": "[]",
           "incoming_people": "[]", "events": "[]", "open_alerts": "[]", "continuing": "x",
           "instructions": "x", "equipment": "x", "hygiene": "attention", "hygiene_note": "x",
           "items": "[]", "outgoing_signer_id": None, "outgoing_signed_at": "2026-03-10 07:00:00",
           "replaces_id": None, "content_hash": "0" * 64, "id": None}


@pytest.mark.parametrize("column", sorted(duty_triggers._FIXED))
def test_r_hand_5_every_signed_column_is_fixed_while_waiting(on_duty, clock, column):
    clock(7, 52)
    signed = sign(on_duty)
    value = _SAMPLE[column]
    if column in ("room_id", "outgoing_signer_id", "id"):
        value = signed.pk + 1000 if column == "id" else None
    if column == "replaces_id":
        value = signed.pk
    if column in ("outgoing_people", "incoming_people", "events", "open_alerts", "items"):
        value = '[{"forged": true}]'
    _refused(f'UPDATE duty_handover SET "{column}" = %s WHERE id = %s', [value, signed.pk])


def test_r_hand_5_the_decision_columns_are_what_a_waiting_handover_takes(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    Handover.objects.filter(pk=signed.pk).update(
        status=HandoverStatus.REFUSED, incoming_signer=on_duty.day[0], refused_items="x")
    assert Handover.objects.get(pk=signed.pk).status == HandoverStatus.REFUSED
