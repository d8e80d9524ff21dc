"""Database triggers that make the audit tables append-only on both databases.

They stop every application path and any casual SQL; a database superuser could
still drop them, which is why the chain itself is what proves integrity.
"""

TABLES = ("audit_auditevent", "audit_auditcheckpoint")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION watchroom_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = [_PG_FUNCTION]
        for table in TABLES:
            statements += [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION watchroom_audit_append_only()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
                " FOR EACH STATEMENT EXECUTE FUNCTION watchroom_audit_append_only()",
            ]
        return statements
    statements = []
    for table in TABLES:
        for op in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} BEGIN"
                f" SELECT RAISE(ABORT, 'the audit trail is append-only: {op} on {table}"
                " is refused'); END"
            )
    return statements


DROP_PG_FUNCTION = "DROP FUNCTION IF EXISTS watchroom_audit_append_only()"


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = []
        for table in TABLES:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
        return statements
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_{op}"
        for table in TABLES
        for op in ("update", "delete")
    ]


PENDING = "audit_auditpending"


def pending_create_sql(vendor: str) -> list[str]:
    """Pending events may be sealed (moved into the chain), never edited."""
    if vendor == "postgresql":
        return [
            f"CREATE TRIGGER {PENDING}_no_update BEFORE UPDATE ON {PENDING}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_audit_append_only()"
        ]
    return [
        f"CREATE TRIGGER {PENDING}_no_update BEFORE UPDATE ON {PENDING} BEGIN"
        f" SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE on {PENDING}"
        " is refused'); END"
    ]


def pending_drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {PENDING}_no_update ON {PENDING}"]
    return [f"DROP TRIGGER IF EXISTS {PENDING}_no_update"]
