"""R-HAND-5 in the database: a signed or decided handover is refused by the database
itself, whatever path the change takes (a bulk update, raw SQL); `audit verify`
recomputes every accepted handover's content hash."""

import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tests.conftest import PASSWORD
from tests.support.duty import db_refuses, sign
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty import triggers as duty_triggers
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Handover
from watchroom.duty.selectors import handover

pytestmark = pytest.mark.django_db


def test_r_hand_5_a_bulk_update_of_an_accepted_handover_is_refused(accepted):
    with pytest.raises(DatabaseError), transaction.atomic():
        Handover.objects.filter(pk=accepted.pk).update(continuing="改写")
    with pytest.raises(DatabaseError), transaction.atomic():
        Handover.objects.filter(pk=accepted.pk).update(status=HandoverStatus.REFUSED)
    db_refuses("UPDATE duty_handover SET continuing = %s WHERE id = %s", ["改写", accepted.pk])
    db_refuses("DELETE FROM duty_handover WHERE id = %s", [accepted.pk])
    assert Handover.objects.get(pk=accepted.pk).continuing == accepted.continuing


def test_r_hand_5_a_signed_handover_keeps_its_content_until_decided(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    db_refuses("UPDATE duty_handover SET continuing = %s WHERE id = %s", ["改写", signed.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Handover.objects.filter(pk=signed.pk).update(items=[])
    clock(7, 55)
    done = services.handover_refuse(actor=on_duty.day[0], handover=signed, reasons="钥匙少一把",
                           password=PASSWORD)
    assert done.status == HandoverStatus.REFUSED
    db_refuses("UPDATE duty_handover SET refused_items = %s WHERE id = %s", ["x", signed.pk])


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
    db_refuses(f'UPDATE duty_handover SET "{column}" = %s WHERE id = %s', [value, signed.pk])


def test_r_hand_5_the_decision_columns_are_what_a_waiting_handover_takes(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    Handover.objects.filter(pk=signed.pk).update(
        status=HandoverStatus.REFUSED, incoming_signer=on_duty.day[0], refused_items="x")
    assert Handover.objects.get(pk=signed.pk).status == HandoverStatus.REFUSED
