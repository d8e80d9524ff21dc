"""Database triggers that keep a duty-log entry's picture as it was attached (R-INC-1,
R-DUTY-4): the row naming its file and hash is never updated or deleted, whatever path a
change takes. The file itself is named by its hash, which the entry's audit event keeps."""

TABLES = ("duty_logpicture",)
_T = "duty_logpicture"
_MESSAGE = "R-DUTY-4: the picture of a duty log entry cannot be altered or deleted"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION watchroom_log_picture_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"CREATE TRIGGER {_T}_guard BEFORE UPDATE OR DELETE ON {_T}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_log_picture_guard()",
            f"CREATE TRIGGER {_T}_no_truncate BEFORE TRUNCATE ON {_T}"
            " FOR EACH STATEMENT EXECUTE FUNCTION watchroom_log_picture_guard()",
        ]
    return [f"CREATE TRIGGER {_T}_no_{op.lower()} BEFORE {op} ON {_T}"
            f" BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END" for op in ("DELETE", "UPDATE")]


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {_T}_{k} ON {_T}" for k in ("guard", "no_truncate")]
    return [f"DROP TRIGGER IF EXISTS {_T}_{k}" for k in ("no_delete", "no_update")]


DROP_PG_FUNCTIONS = ("DROP FUNCTION IF EXISTS watchroom_log_picture_guard()",)
