"""Database triggers that keep signed handovers and locked log entries as they were
(R-HAND-5, R-DUTY-4), whatever path a change takes (service, bulk update, raw SQL).

- A handover is never deleted. While it waits for the incoming operator (signed out)
  only its decision may be written: status (to accepted or refused), the incoming
  signer, the time and the reasons for refusing. Once decided, nothing changes.
- A log entry changes freely until it is locked (locking is such a change); once
  locked it is neither updated nor deleted. Corrections are new entries.

A database owner can still drop the triggers; `watchroom audit verify` then finds a
changed accepted handover by its content hash, kept in the hash-chained audit trail.
"""

TABLES = ("duty_handover", "duty_logentry")
_H = "duty_handover"
_L = "duty_logentry"
_HAND = "R-HAND-5: a signed handover cannot be altered or deleted"
_LOG = "R-DUTY-4: a locked duty log entry cannot be altered or deleted"
# What the incoming operator's decision writes; every other column is fixed at signing.
_DECISION = ("status", "incoming_signer_id", "decided_at", "refused_items")
_FIXED = ("id", "room_id", "shift_start", "outgoing_people", "incoming_people", "events",
          "open_alerts", "continuing", "instructions", "equipment", "hygiene",
          "hygiene_note", "items", "outgoing_signer_id", "outgoing_signed_at", "replaces_id",
          "content_hash")

_PG_HANDOVER = f"""
CREATE OR REPLACE FUNCTION watchroom_handover_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = 'signed_out'
       AND NEW.status IN ('signed_out', 'accepted', 'refused')
       AND NOT ({" OR ".join(f'NEW."{c}" IS DISTINCT FROM OLD."{c}"' for c in _FIXED)}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{_HAND}' USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""

_PG_LOG = f"""
CREATE OR REPLACE FUNCTION watchroom_log_entry_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '{_LOG}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.locked_at IS NOT NULL THEN
        RAISE EXCEPTION '{_LOG}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_HANDOVER,
            _PG_LOG,
            f"CREATE TRIGGER {_H}_guard BEFORE UPDATE OR DELETE ON {_H}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_handover_guard()",
            f"CREATE TRIGGER {_H}_no_truncate BEFORE TRUNCATE ON {_H}"
            " FOR EACH STATEMENT EXECUTE FUNCTION watchroom_handover_guard()",
            f"CREATE TRIGGER {_L}_guard BEFORE UPDATE OR DELETE ON {_L}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_log_entry_guard()",
            f"CREATE TRIGGER {_L}_no_truncate BEFORE TRUNCATE ON {_L}"
            " FOR EACH STATEMENT EXECUTE FUNCTION watchroom_log_entry_guard()",
        ]
    changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in _FIXED)
    return [
        f"CREATE TRIGGER {_H}_no_delete BEFORE DELETE ON {_H}"
        f" BEGIN SELECT RAISE(ABORT, '{_HAND}'); END",
        f"CREATE TRIGGER {_H}_no_update BEFORE UPDATE ON {_H}"
        " WHEN OLD.status <> 'signed_out'"
        " OR NEW.status NOT IN ('signed_out', 'accepted', 'refused')"
        f" OR {changed}"
        f" BEGIN SELECT RAISE(ABORT, '{_HAND}'); END",
        f"CREATE TRIGGER {_L}_no_delete BEFORE DELETE ON {_L} WHEN OLD.locked_at IS NOT NULL"
        f" BEGIN SELECT RAISE(ABORT, '{_LOG}'); END",
        f"CREATE TRIGGER {_L}_no_update BEFORE UPDATE ON {_L} WHEN OLD.locked_at IS NOT NULL"
        f" BEGIN SELECT RAISE(ABORT, '{_LOG}'); END",
    ]


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {t}_{k} ON {t}" for t in TABLES
                for k in ("guard", "no_truncate")]
    return [f"DROP TRIGGER IF EXISTS {t}_{k}" for t in TABLES for k in ("no_delete", "no_update")]


DROP_PG_FUNCTIONS = ("DROP FUNCTION IF EXISTS watchroom_handover_guard()",
                     "DROP FUNCTION IF EXISTS watchroom_log_entry_guard()")
