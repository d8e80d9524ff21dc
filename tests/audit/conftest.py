"""Audit-trail fixtures: writing events, and stepping around the append-only
triggers to play an attacker who edits the table directly."""

import contextlib
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from watchroom.audit import chain, insert_triggers, triggers
from watchroom.audit.services import audit_record


@pytest.fixture
def record(db, system):
    """record(n) → the last of n fresh events, each committed in its own transaction."""

    def make(n: int = 1, action: str = "test.event", **extra):
        event = None
        for i in range(n):
            with transaction.atomic():
                event = audit_record(actor=extra.get("actor", system), action=action,
                                     target=extra.get("target"), data={"n": i, "名": "值"})
        return event

    return make


def run_sql(*statements, params_list=None):
    with connection.cursor() as cursor:
        for i, statement in enumerate(statements):
            cursor.execute(statement, params_list[i] if params_list else None)


@contextlib.contextmanager
def triggers_dropped():
    """The audit tables' triggers removed for the block, as a database owner could."""
    vendor = connection.vendor
    run_sql(*triggers.drop_sql(vendor), *triggers.pending_drop_sql(vendor),
            *insert_triggers.drop_sql(vendor))
    try:
        yield
    finally:
        run_sql(*triggers.create_sql(vendor), *triggers.pending_create_sql(vendor),
                *insert_triggers.create_sql(vendor))


@pytest.fixture
def attacker():
    return Attacker()


class Attacker:
    """Direct SQL on the audit table; call inside `triggers_dropped()`."""

    def edit(self, seq: int):
        run_sql("UPDATE audit_auditevent SET data = %s WHERE seq = %s",
                params_list=[('{"forged":true}', seq)])

    def delete(self, seq: int):
        run_sql("DELETE FROM audit_auditevent WHERE seq = %s", params_list=[(seq,)])

    def swap(self, seq: int):
        """Events `seq` and `seq + 1` trade places."""
        run_sql(
            "UPDATE audit_auditevent SET seq = -1 WHERE seq = %s",
            "UPDATE audit_auditevent SET seq = %s WHERE seq = %s",
            "UPDATE audit_auditevent SET seq = %s WHERE seq = -1",
            params_list=[(seq,), (seq, seq + 1), (seq + 1,)],
        )

    def rewrite_from(self, seq: int):
        """Edit event `seq`, then recompute every later hash and the head so that
        the chain is consistent again: only a signed checkpoint can tell."""
        self.edit(seq)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT seq, ts, actor, actor_user_id, action, target_type, target_id,"
                " target_label, data FROM audit_auditevent WHERE seq >= %s ORDER BY seq",
                [seq],
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT hash FROM audit_auditevent WHERE seq = %s", [seq - 1])
            prev = cursor.fetchone()[0] if seq > 1 else chain.GENESIS
            last_prev = prev
            for s, *fields in rows:
                new = chain.link_hash(prev, s, chain.body_digest(*fields))
                cursor.execute("UPDATE audit_auditevent SET prev_hash = %s, hash = %s"
                               " WHERE seq = %s", [prev, new, s])
                last_prev, prev = prev, new
            cursor.execute("UPDATE audit_audithead SET prev_hash = %s, hash = %s WHERE id = 1",
                           [last_prev, prev])


def in_thread(func):
    """Run `func` on a fresh thread, so on a fresh connection; return its result."""
    out = {}

    def run():
        try:
            out["value"] = func()
        except BaseException as exc:
            out["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """The database every thread's new connection opens."""
    if connection.vendor != "sqlite":
        yield
        return
    original = connections.settings["default"]
    connections.settings["default"] = {**original, "NAME": str(tmp_path / "writers.sqlite3")}
    try:
        in_thread(lambda: call_command("migrate", verbosity=0))
        yield
    finally:
        connections.settings["default"] = original
