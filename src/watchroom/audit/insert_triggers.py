"""Database triggers on what enters the audit tables (R-SEC-3), on both databases.

- An event carries the database's time: an insert dated more than `TOLERANCE_SECONDS`
  away from the database's clock is refused, unless it is the sealing of a pending
  event, which must then be exactly that pending row (`pending_id`).
- A pending event is dated by the database the same way; it is never updated (see
  `triggers.pending_create_sql`), and deleted only once sealed into the chain: a row
  whose `pending_id` names it must exist. TRUNCATE is refused on PostgreSQL.
- Checkpoints are numbered 1, 2, 3, … without a gap: an insert that is not the next
  number is refused.

They stop every application path and anyone holding only the application's database
rights without being the tables' owner. The tables' owner or a superuser can disable
them; what the chain, the checkpoints and their copies off the machine still prove
then is set out in docs/en/audit.md.
"""

# ruff: noqa: S608 (every statement is built from the constants below, never from input)

TABLES = ("audit_auditevent", "audit_auditpending", "audit_auditcheckpoint")
TOLERANCE_SECONDS = 60
_E, _P, _C = TABLES
_SAME = ("ts", "actor", "actor_user_id", "action", "target_type", "target_id",
         "target_label", "data")
_TIME = "R-SEC-3: audit events carry the time of the database clock; other times are refused"
_SEAL = "R-SEC-3: only a pending event, exactly as written, is sealed into the audit chain"
_KEEP = "R-SEC-3: a pending audit event is removed only when it is sealed into the chain"
_NUMBER = "R-SEC-3: audit checkpoints are numbered one after another"


def _pg_far(column: str) -> str:
    return f"abs(extract(epoch FROM ({column} - clock_timestamp()))) > {TOLERANCE_SECONDS}"


def _sqlite_far(column: str) -> str:
    return f"abs(julianday({column}) - julianday('now')) * 86400.0 > {TOLERANCE_SECONDS}"


def _raise_pg(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege';"


_PG_FUNCTIONS = [
    f"""
CREATE OR REPLACE FUNCTION watchroom_audit_event_insert() RETURNS trigger AS $$
BEGIN
    IF NEW.pending_id IS NULL THEN
        IF {_pg_far("NEW.ts")} THEN {_raise_pg(_TIME)} END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM {_P} p WHERE p.id = NEW.pending_id
                      AND {" AND ".join(f"p.{c} IS NOT DISTINCT FROM NEW.{c}" for c in _SAME)})
    THEN {_raise_pg(_SEAL)}
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    f"""
CREATE OR REPLACE FUNCTION watchroom_audit_pending_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF {_pg_far("NEW.ts")} THEN {_raise_pg(_TIME)} END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN {_raise_pg(_KEEP)} END IF;
    IF NOT EXISTS (SELECT 1 FROM {_E} WHERE pending_id = OLD.id) THEN {_raise_pg(_KEEP)}
    END IF;
    RETURN OLD;
END
$$ LANGUAGE plpgsql
""",
    f"""
CREATE OR REPLACE FUNCTION watchroom_audit_checkpoint_number() RETURNS trigger AS $$
BEGIN
    IF NEW.number IS DISTINCT FROM
       (SELECT coalesce(max(number), 0) + 1 FROM {_C}) THEN {_raise_pg(_NUMBER)}
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
]


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *_PG_FUNCTIONS,
            f"CREATE TRIGGER {_E}_insert_guard BEFORE INSERT ON {_E}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_audit_event_insert()",
            f"CREATE TRIGGER {_P}_guard BEFORE INSERT OR DELETE ON {_P}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_audit_pending_guard()",
            f"CREATE TRIGGER {_P}_no_truncate BEFORE TRUNCATE ON {_P}"
            " FOR EACH STATEMENT EXECUTE FUNCTION watchroom_audit_pending_guard()",
            f"CREATE TRIGGER {_C}_numbered BEFORE INSERT ON {_C}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_audit_checkpoint_number()",
        ]
    same = " AND ".join(f"p.{c} IS NEW.{c}" for c in _SAME)
    return [
        f"CREATE TRIGGER {_E}_insert_time BEFORE INSERT ON {_E}"
        f" WHEN NEW.pending_id IS NULL AND {_sqlite_far('NEW.ts')}"
        f" BEGIN SELECT RAISE(ABORT, '{_TIME}'); END",
        f"CREATE TRIGGER {_E}_insert_sealed BEFORE INSERT ON {_E}"
        f" WHEN NEW.pending_id IS NOT NULL AND NOT EXISTS"
        f" (SELECT 1 FROM {_P} p WHERE p.id = NEW.pending_id AND {same})"
        f" BEGIN SELECT RAISE(ABORT, '{_SEAL}'); END",
        f"CREATE TRIGGER {_P}_insert_time BEFORE INSERT ON {_P} WHEN {_sqlite_far('NEW.ts')}"
        f" BEGIN SELECT RAISE(ABORT, '{_TIME}'); END",
        f"CREATE TRIGGER {_P}_no_delete BEFORE DELETE ON {_P}"
        f" WHEN NOT EXISTS (SELECT 1 FROM {_E} WHERE pending_id = OLD.id)"
        f" BEGIN SELECT RAISE(ABORT, '{_KEEP}'); END",
        f"CREATE TRIGGER {_C}_numbered BEFORE INSERT ON {_C}"
        f" WHEN NEW.number IS NOT (SELECT coalesce(max(number), 0) + 1 FROM {_C})"
        f" BEGIN SELECT RAISE(ABORT, '{_NUMBER}'); END",
    ]


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {_E}_insert_guard ON {_E}",
            f"DROP TRIGGER IF EXISTS {_P}_guard ON {_P}",
            f"DROP TRIGGER IF EXISTS {_P}_no_truncate ON {_P}",
            f"DROP TRIGGER IF EXISTS {_C}_numbered ON {_C}",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in (
        f"{_E}_insert_time", f"{_E}_insert_sealed", f"{_P}_insert_time", f"{_P}_no_delete",
        f"{_C}_numbered")]


DROP_PG_FUNCTIONS = tuple(
    f"DROP FUNCTION IF EXISTS {name}()" for name in (
        "watchroom_audit_event_insert", "watchroom_audit_pending_guard",
        "watchroom_audit_checkpoint_number"))
