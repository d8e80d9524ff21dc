"""R-SEC-3: what someone with access to the database host does to the audit trail, and
what `watchroom audit verify` finds: checkpoints are a numbered chain of their own,
copied off the machine as they are made; events and pending events carry the
database's time; pending events are kept like the chain.

The attacker works in raw SQL with the triggers dropped, as a table owner could."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import run_sql, triggers_dropped
from watchroom.audit import chain, checkpoints
from watchroom.audit.models import AuditCheckpoint, AuditEvent, AuditPending
from watchroom.audit.services import checkpoint_create


@pytest.fixture
def offsite(settings, tmp_path):
    """The backup store, standing for a machine the attacker cannot reach."""
    settings.WATCHROOM = {**settings.WATCHROOM, "BACKUP_TARGET": str(tmp_path / "offsite")}
    return tmp_path / "offsite" / checkpoints.STORE_PREFIX


@pytest.fixture
def make_checkpoint(system, django_capture_on_commit_callbacks):
    def make():
        with django_capture_on_commit_callbacks(execute=True):
            return checkpoint_create(actor=system)

    return make


def verify(*checkpoint_paths) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    args = [a for p in checkpoint_paths for a in ("--checkpoint", str(p))]
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


def delete_checkpoints(*numbers):
    with triggers_dropped():
        for number in numbers:
            run_sql("DELETE FROM audit_auditcheckpoint WHERE number = %s",
                    params_list=[(number,)])


def truncate_chain_after(seq: int):
    """Remove every event after `seq` and make the head point at `seq` again."""
    with triggers_dropped():
        run_sql("DELETE FROM audit_auditevent WHERE seq > %s",
                "UPDATE audit_audithead SET seq = e.seq, prev_hash = e.prev_hash, hash = e.hash"
                " FROM (SELECT seq, prev_hash, hash FROM audit_auditevent WHERE seq = %s) e"
                " WHERE id = 1", params_list=[(seq,), (seq,)])


def test_r_sec_3_checkpoints_are_numbered_and_linked(record, make_checkpoint):
    record(2)
    first = make_checkpoint()
    record(2)
    second = make_checkpoint()
    assert (first.number, second.number) == (1, 2)
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == checkpoints.statement_hash(first)
    assert verify()[0] == 0
    with pytest.raises(DatabaseError), transaction.atomic():
        forged = checkpoints.sign(seq=second.seq, hash_=second.hash, created=second.created,
                                  previous=first)
        forged.save()


def test_r_sec_3_a_deleted_checkpoint_in_the_middle_is_found(record, make_checkpoint):
    for _ in range(3):
        record(2)
        make_checkpoint()
    assert verify()[0] == 0
    delete_checkpoints(2)
    code, err = verify()
    assert code == 1 and "checkpoint #2 is missing" in err


def test_r_sec_3_deleting_every_stored_checkpoint_is_found(record, make_checkpoint):
    record(2)
    make_checkpoint()
    record(2)
    make_checkpoint()
    delete_checkpoints(1, 2)
    assert not AuditCheckpoint.objects.exists()
    code, err = verify()
    assert code == 1 and "records checkpoint #2 but the newest stored is #0" in err


def test_r_sec_3_deleting_the_newest_checkpoint_is_found(record, make_checkpoint):
    record(2)
    make_checkpoint()
    record(2)
    make_checkpoint()
    delete_checkpoints(2)
    code, err = verify()
    assert code == 1 and "checkpoints were deleted" in err


def test_r_sec_3_a_tail_cut_below_the_newest_checkpoint_is_found(record, make_checkpoint):
    record(3)
    point = make_checkpoint()
    truncate_chain_after(point.seq - 1)
    code, err = verify()
    assert code == 1 and f"event #{point.seq} it signed is missing" in err


def test_r_sec_3_every_checkpoint_is_copied_off_the_machine_as_it_is_made(
        record, make_checkpoint, offsite):
    record(2)
    first = make_checkpoint()
    assert (offsite / checkpoints.file_name(first)).read_text() == checkpoints.export(first)
    for copy in offsite.iterdir():  # a copy lost on the way is made up by the next one
        copy.unlink()
    second = make_checkpoint()
    assert sorted(p.name for p in offsite.iterdir()) == [
        checkpoints.file_name(first), checkpoints.file_name(second)]
    code, out = verify(offsite)
    assert code == 0, out
    assert out.count("OK: checkpoint ") == 2


def test_r_sec_3_tail_and_checkpoints_removed_are_found_by_the_copies(
        record, make_checkpoint, offsite):
    """The tail cut after checkpoint #1, and checkpoint #2 with it: what is left on the
    machine is consistent, so only the copy of #2 off the machine can tell."""
    record(3)
    first = make_checkpoint()
    record(3)
    make_checkpoint()
    record(2)
    delete_checkpoints(2)
    truncate_chain_after(first.seq + 1)  # keep #1's own event

    code, _ = verify()
    assert code == 0, "without copies off the machine this cut is not found (see docs)"
    code, err = verify(offsite)
    assert code == 1
    assert "checkpoint #2 is no longer in the database" in err


def test_r_sec_3_a_consistent_rewrite_re_signed_with_the_key_is_found_by_the_copies(
        record, make_checkpoint, offsite, attacker):
    """Root on the host reads the signing key: the attacker rewrites the chain from
    before checkpoint #2 and signs a new #2 for it."""
    record(3)
    first = make_checkpoint()
    record(3)
    second = make_checkpoint()
    record(2)
    with triggers_dropped():
        attacker.rewrite_from(second.seq - 1)
        run_sql("DELETE FROM audit_auditcheckpoint WHERE number = 2")
    forged = checkpoints.sign(seq=second.seq,
                              hash_=AuditEvent.objects.get(seq=second.seq).hash,
                              created=second.created, previous=first)
    forged.save()

    code, _ = verify()
    assert code == 0, "on the machine alone a re-signed rewrite is not found (see docs)"
    code, err = verify(offsite)
    assert code == 1
    assert "checkpoint #2 in the database is not the one copied off" in err


def test_r_sec_3_an_event_carries_the_database_time(record, time_machine):
    time_machine.move_to(dt.datetime(2020, 1, 1, tzinfo=dt.UTC), tick=False)
    event = record(1)
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.ts == event.ts
    assert stored.ts.year > 2020, "the event took the process's (moved) clock"


def _pending_row(ts):
    return ("INSERT INTO audit_auditpending (ts, actor, actor_user_id, action, target_type,"
            " target_id, target_label, data) VALUES (%s, 'alice', NULL, 'footage.approved',"
            " '', '', '', '{}')", (ts,))


def test_r_sec_3_a_back_dated_pending_event_is_refused(record):
    record(1)
    statement, params = _pending_row(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    with pytest.raises(DatabaseError, match="R-SEC-3"), transaction.atomic():
        run_sql(statement, params_list=[params])
    assert not AuditPending.objects.exists()
    chain.seal_pending()
    assert not AuditEvent.objects.filter(action="footage.approved").exists()


def test_r_sec_3_a_back_dated_event_with_a_correct_hash_is_refused(record):
    last = record(1)
    ts = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    fields = (ts, "alice", None, "footage.approved", "", "", "", "{}")
    new = chain.link_hash(last.hash, last.seq + 1, chain.body_digest(*fields))
    with pytest.raises(DatabaseError, match="R-SEC-3"), transaction.atomic():
        run_sql(chain._INSERT_EVENT, params_list=[(last.seq + 1, *fields, last.hash, new)])


def test_r_sec_3_a_pending_event_is_kept_like_the_chain(record):
    record(1)
    with triggers_dropped():  # one unsealed pending event, as a busy head leaves it
        run_sql(*[_pending_row(dt.datetime.now(dt.UTC))[0]],
                params_list=[_pending_row(dt.datetime.now(dt.UTC))[1]])
    pending = AuditPending.objects.get()
    for statement in ("UPDATE audit_auditpending SET data = '{\"forged\":1}'",
                      "DELETE FROM audit_auditpending"):
        with pytest.raises(DatabaseError), transaction.atomic():
            run_sql(statement)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            run_sql("TRUNCATE audit_auditpending")
    assert AuditPending.objects.get().data == pending.data
    with pytest.raises(DatabaseError, match="R-SEC-3"), transaction.atomic():
        run_sql("INSERT INTO audit_auditevent (seq, ts, actor, actor_user_id, action,"
                " target_type, target_id, target_label, data, prev_hash, hash, pending_id)"
                " VALUES (99, %s, 'alice', NULL, 'x', '', '', '', '{}', '', '', %s)",
                params_list=[(pending.ts - dt.timedelta(hours=1), pending.pk)])


def test_r_sec_3_the_checkpoint_event_names_its_number(record, make_checkpoint):
    record(1)
    point = make_checkpoint()
    event = AuditEvent.objects.get(action="audit.checkpoint")
    assert json.loads(event.data)["number"] == point.number


def test_r_sec_3_a_checkpoint_changed_in_the_middle_breaks_the_next_link(
        record, make_checkpoint):
    for _ in range(3):
        record(1)
        make_checkpoint()
    with triggers_dropped():
        run_sql("UPDATE audit_auditcheckpoint SET seq = seq - 1 WHERE number = 2")
    code, err = verify()
    assert code == 1 and "checkpoint #3 does not follow checkpoint #2" in err
    with triggers_dropped():
        run_sql("UPDATE audit_auditcheckpoint SET signature = %s WHERE number = 3",
                params_list=[(AuditCheckpoint.objects.get(number=1).signature,)])
    code, err = verify()
    assert "checkpoint #3: its signature is not valid" in err


def test_r_sec_3_checkpoints_signed_before_numbering_still_verify(record, make_checkpoint,
                                                                 tmp_path):
    """A database migrated with checkpoints of format /1 keeps them; the numbered chain
    starts at #1 after them."""
    from watchroom.audit import signing

    event = record(2)
    created = dt.datetime.now(dt.UTC)
    key = signing.private_key()
    signature = signing.b64(key.sign(checkpoints.message(event.seq, event.hash,
                                                         chain.canonical_ts(created))))
    with triggers_dropped():
        run_sql("INSERT INTO audit_auditcheckpoint (created, seq, hash, key_id, signature)"
                " VALUES (%s, %s, %s, %s, %s)", params_list=[(
                    created, event.seq, event.hash, signing.fingerprint(key.public_key()),
                    signature)])
    legacy = AuditCheckpoint.objects.get(number__isnull=True)
    first = make_checkpoint()
    assert first.number == 1
    assert verify()[0] == 0
    copy = tmp_path / checkpoints.file_name(legacy)
    copy.write_text(checkpoints.export(legacy))
    assert json.loads(copy.read_text())["format"] == checkpoints.FORMAT_UNNUMBERED
    assert verify(copy)[0] == 0
    with triggers_dropped():
        run_sql("UPDATE audit_auditcheckpoint SET seq = 1 WHERE number IS NULL")
    code, err = verify()
    assert code == 1 and f"unnumbered checkpoint {legacy.pk}: its signature is not valid" in err
