"""Database triggers that keep a signed work order as it was signed (R-EQUIP-2), whatever
path a change takes (service, bulk update, raw SQL): a signed order is never updated,
nor are its lines, and no photo is added to it. (Deleting is already refused by the
foreign keys' PROTECT and by the service layer, which never deletes; the audit trail
keeps each signed order's results.)"""

TABLES = ("care_workorder", "care_workorderline", "care_workorderphoto")
_O, _L, _P = TABLES
_SIGNED = "R-EQUIP-2: a signed work order cannot be altered"

_PG_ORDER = f"""
CREATE OR REPLACE FUNCTION watchroom_workorder_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'done' THEN
        RAISE EXCEPTION '{_SIGNED}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

_PG_PART = """
CREATE OR REPLACE FUNCTION watchroom_workorder_part_guard() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM care_workorder WHERE id = NEW.order_id AND status = 'done')
       OR (TG_OP = 'UPDATE' AND EXISTS (
           SELECT 1 FROM care_workorder WHERE id = OLD.order_id AND status = 'done')) THEN
        RAISE EXCEPTION 'R-EQUIP-2: a signed work order cannot be altered'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""


def create_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_ORDER, _PG_PART,
            f"CREATE TRIGGER {_O}_signed BEFORE UPDATE ON {_O}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_workorder_guard()",
            f"CREATE TRIGGER {_L}_signed BEFORE INSERT OR UPDATE ON {_L}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_workorder_part_guard()",
            f"CREATE TRIGGER {_P}_signed BEFORE INSERT OR UPDATE ON {_P}"
            " FOR EACH ROW EXECUTE FUNCTION watchroom_workorder_part_guard()",
        ]
    done = "(SELECT status FROM {table} WHERE id = {row}.order_id) = 'done'"
    abort = f" BEGIN SELECT RAISE(ABORT, '{_SIGNED}'); END"
    statements = [f"CREATE TRIGGER {_O}_signed BEFORE UPDATE ON {_O}"
                  f" WHEN OLD.status = 'done'{abort}"]
    for table in (_L, _P):
        statements += [
            f"CREATE TRIGGER {table}_signed_insert BEFORE INSERT ON {table}"
            f" WHEN {done.format(table=_O, row='NEW')}{abort}",
            f"CREATE TRIGGER {table}_signed_update BEFORE UPDATE ON {table}"
            f" WHEN {done.format(table=_O, row='OLD')}"
            f" OR {done.format(table=_O, row='NEW')}{abort}",
        ]
    return statements


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {_O}_signed ON {_O}",
                f"DROP TRIGGER IF EXISTS {_L}_signed ON {_L}",
                f"DROP TRIGGER IF EXISTS {_P}_signed ON {_P}",
                "DROP FUNCTION IF EXISTS watchroom_workorder_guard()",
                "DROP FUNCTION IF EXISTS watchroom_workorder_part_guard()"]
    return [f"DROP TRIGGER IF EXISTS {_O}_signed",
            *(f"DROP TRIGGER IF EXISTS {t}_signed_{k}" for t in (_L, _P)
              for k in ("insert", "update"))]
