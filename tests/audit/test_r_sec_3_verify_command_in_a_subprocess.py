"""R-SEC-3: the real `watchroom audit verify` process, as an operator would run it,
exits non-zero and names the tampered event.

The test database of pytest-django may live in memory, so these tests run the
command against a scratch database of the same kind: migrated by the command line
itself, filled with correctly chained events, then tampered with directly."""

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from watchroom.audit import chain, insert_triggers, triggers

EVENTS = 12
pytestmark = pytest.mark.slow


class Scratch:
    def __init__(self, tmp_path):
        self.vendor = connection.vendor
        self.env = {**os.environ, "WATCHROOM_DATA": str(tmp_path / "data"),
                    "DJANGO_SETTINGS_MODULE": "watchroom.settings"}
        if self.vendor == "postgresql":
            s = connection.settings_dict
            self.pg = {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432,
                       "user": s["USER"], "password": s["PASSWORD"] or None}
            self.name = f"watchroom_cli_{uuid.uuid4().hex[:10]}"
            with self._pg("postgres") as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.env["DATABASE_URL"] = (
                f"postgres://{auth}@{self.pg['host']}:{self.pg['port']}/{self.name}")
        else:
            self.path = tmp_path / "scratch.sqlite3"
            self.env["DATABASE_URL"] = f"sqlite:///{self.path}"

    def _pg(self, dbname):
        import psycopg

        return psycopg.connect(dbname=dbname, autocommit=True, **self.pg)

    def connect(self):
        if self.vendor == "postgresql":
            return self._pg(self.name)
        return sqlite3.connect(self.path, isolation_level=None)

    def sql(self, conn, statement, params=()):
        if self.vendor == "sqlite":
            statement = statement.replace("%s", "?")
            return conn.execute(statement, params)
        return conn.execute(statement, params or None)

    def run(self, *args):
        return subprocess.run([sys.executable, "-m", "watchroom.cli", *args], env=self.env,
                              capture_output=True, text=True, timeout=120)

    def reload(self, tamper=None):
        """A fresh chain of EVENTS events, then `tamper(conn)` with the triggers off."""
        with self.connect() as conn:
            for statement in (*triggers.drop_sql(self.vendor),
                              *insert_triggers.drop_sql(self.vendor)):
                self.sql(conn, statement)
            self.sql(conn, "DELETE FROM audit_auditevent")
            prev, start = chain.GENESIS, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            for seq in range(1, EVENTS + 1):
                fields = (start + dt.timedelta(seconds=seq), "process:tests", None,
                          "test.event", "", "", "", f'{{"n":{seq}}}')
                hash_ = chain.link_hash(prev, seq, chain.body_digest(*fields))
                ts = fields[0] if self.vendor == "postgresql" else fields[0].isoformat()
                self.sql(conn, "INSERT INTO audit_auditevent (seq, ts, actor, actor_user_id,"
                         " action, target_type, target_id, target_label, data, prev_hash, hash)"
                         " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                         (seq, ts, *fields[1:], prev, hash_))
                head_prev, prev = prev, hash_
            self.sql(conn, "UPDATE audit_audithead SET seq = %s, prev_hash = %s, hash = %s",
                     (EVENTS, head_prev, prev))
            if tamper:
                tamper(self, conn)
            for statement in (*triggers.create_sql(self.vendor),
                              *insert_triggers.create_sql(self.vendor)):
                self.sql(conn, statement)

    def drop(self):
        if self.vendor == "postgresql":
            with self._pg("postgres") as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        db = Scratch(tmp_path_factory.mktemp("audit-cli"))
    try:
        migrated = db.run("migrate", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        yield db
    finally:
        db.drop()


def _edit(db, conn):
    db.sql(conn, "UPDATE audit_auditevent SET data = %s WHERE seq = 5", ('{"n":500}',))


def _delete_middle(db, conn):
    db.sql(conn, "DELETE FROM audit_auditevent WHERE seq = 5")


def _delete_tail(db, conn):
    db.sql(conn, "DELETE FROM audit_auditevent WHERE seq = %s", (EVENTS,))


def _swap(db, conn):
    for statement, params in [("UPDATE audit_auditevent SET seq = -1 WHERE seq = 5", ()),
                              ("UPDATE audit_auditevent SET seq = 5 WHERE seq = 6", ()),
                              ("UPDATE audit_auditevent SET seq = 6 WHERE seq = -1", ())]:
        db.sql(conn, statement, params)


def test_the_intact_scratch_chain_verifies(scratch):
    scratch.reload()
    result = scratch.run("audit", "verify")
    assert result.returncode == 0, result.stderr
    assert f"OK: {EVENTS} events verified" in result.stdout


@pytest.mark.parametrize(
    ("tamper", "bad_seq"),
    [
        pytest.param(_edit, 5, id="edited-row"),
        pytest.param(_delete_middle, 5, id="deleted-middle-row"),
        pytest.param(_delete_tail, EVENTS, id="deleted-tail-row"),
        pytest.param(_swap, 5, id="reordered-pair"),
    ],
)
def test_the_command_exits_non_zero_naming_the_event(scratch, tamper, bad_seq):
    scratch.reload(tamper)
    result = scratch.run("audit", "verify")
    assert result.returncode != 0
    assert f"FAILED: event #{bad_seq}:" in result.stderr, result.stderr
