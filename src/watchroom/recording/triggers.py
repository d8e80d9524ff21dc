"""Database triggers that keep recordings inside retention out of reach (R-REC-2).

Whatever path a change takes (service, admin, shell, raw SQL), the database refuses
to delete a segment that is not past `keep_until` and marked expired by the sweep,
to rewrite what a segment is (camera, times, file, size, hash), or to shorten its
retention.
"""

TABLES = ("recording_segment",)
_T = "recording_segment"
_MESSAGE = "R-REC-2: recordings inside retention cannot be deleted or altered"
_FIXED = ("camera_id", "start", "end", "path", "bytes", "sha256", "sealed_at")

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION watchroom_segment_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.keep_until > now() OR OLD.state <> 'expired' THEN
            RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN OLD;
    END IF;
    IF {" OR ".join(f'NEW."{c}" IS DISTINCT FROM OLD."{c}"' for c in _FIXED)}
       OR NEW.keep_until < OLD.keep_until
       OR (NEW.state = 'expired' AND OLD.state <> 'expired' AND OLD.keep_until > now()) THEN
        RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"CREATE TRIGGER {_T}_guard BEFORE UPDATE OR DELETE ON {_T}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_segment_guard()",
            f"CREATE TRIGGER {_T}_no_truncate BEFORE TRUNCATE ON {_T}"
            " FOR EACH STATEMENT EXECUTE FUNCTION watchroom_segment_guard()",
        ]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in _FIXED)
    return [
        f"CREATE TRIGGER {_T}_no_delete BEFORE DELETE ON {_T}"
        f" WHEN OLD.keep_until > {_SQLITE_NOW} OR OLD.state <> 'expired'"
        f" BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
        f"CREATE TRIGGER {_T}_no_update BEFORE UPDATE ON {_T}"
        f" WHEN {changed} OR NEW.keep_until < OLD.keep_until"
        f" OR (NEW.state = 'expired' AND OLD.state <> 'expired'"
        f" AND OLD.keep_until > {_SQLITE_NOW})"
        f" BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    ]


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {_T}_guard ON {_T}",
            f"DROP TRIGGER IF EXISTS {_T}_no_truncate ON {_T}",
        ]
    return [f"DROP TRIGGER IF EXISTS {_T}_no_delete", f"DROP TRIGGER IF EXISTS {_T}_no_update"]
