"""The hash chain: canonical encoding, appending under the head lock, sealing, verification.

    body_digest = SHA-256(UTF-8 JSON array [ts, actor, actor_user_id, action,
                          target_type, target_id, target_label, data])
    hash        = SHA-256(UTF-8 "<prev_hash>\\n<seq>\\n<body_digest>")

`ts` is UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ`; `data` is the stored JSON text as is.
The first event's `prev_hash` is 64 zeros. Anyone can recompute this from an export.
"""

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass

from django.db import connections, transaction

GENESIS = "0" * 64
_UTC = dt.UTC
_sha256 = hashlib.sha256
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical_ts(value: dt.datetime | str) -> str:
    if isinstance(value, str):  # SQLite returns text through a raw cursor
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(_UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds") + "Z"


def body_digest(ts, actor, actor_user_id, action, target_type, target_id, target_label, data):
    body = _dumps(
        [canonical_ts(ts), actor, actor_user_id, action, target_type, target_id, target_label, data]
    )
    return _sha256(body.encode()).hexdigest()


def link_hash(prev_hash: str, seq: int, digest: str) -> str:
    return _sha256(f"{prev_hash}\n{seq}\n{digest}".encode()).hexdigest()


def ensure_head(using: str = "default") -> None:
    from watchroom.audit.models import AuditEvent, AuditHead

    if AuditHead.objects.using(using).filter(pk=1).exists():
        return
    last = AuditEvent.objects.using(using).order_by("-seq").first()
    if last is None:
        AuditHead.objects.using(using).create(pk=1, seq=0, prev_hash=GENESIS, hash=GENESIS)
    else:
        AuditHead.objects.using(using).create(
            pk=1, seq=last.seq, prev_hash=last.prev_hash, hash=last.hash
        )


_PG_APPEND = """
WITH head AS (
    UPDATE audit_audithead
       SET seq = seq + 1,
           prev_hash = hash,
           hash = encode(sha256(convert_to(
                      hash || chr(10) || (seq + 1)::text || chr(10) || %s, 'UTF8')), 'hex')
     WHERE id = 1
 RETURNING seq, prev_hash, hash
)
INSERT INTO audit_auditevent
    (seq, ts, actor, actor_user_id, action, target_type, target_id, target_label,
     data, prev_hash, hash)
SELECT seq, %s, %s, %s, %s, %s, %s, %s, %s, prev_hash, hash FROM head
RETURNING seq, prev_hash, hash
"""


_PG_TAKE_HEAD = (
    "SELECT seq, hash, EXISTS (SELECT 1 FROM audit_auditpending)"
    " FROM audit_audithead WHERE id = 1 FOR UPDATE SKIP LOCKED"
)
# Takes the head if it is free; if another transaction holds it, writes the event
# to the pending table instead, in the same round trip. Either way the event's time
# is the database's clock (R-SEC-3): triggers refuse any other.
_PG_TAKE_HEAD_OR_PEND = """
WITH head AS (
    SELECT seq, hash FROM audit_audithead WHERE id = 1 FOR UPDATE SKIP LOCKED
), pend AS (
    INSERT INTO audit_auditpending
        (ts, actor, actor_user_id, action, target_type, target_id, target_label, data)
    SELECT clock_timestamp(), %s, %s, %s, %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM head)
    RETURNING ts
)
SELECT head.seq, head.hash, EXISTS (SELECT 1 FROM audit_auditpending),
       coalesce((SELECT ts FROM pend), clock_timestamp())
  FROM (VALUES (1)) AS one LEFT JOIN head ON true
"""
_SQLITE_TAKE_HEAD = (
    "SELECT seq, hash, strftime('%Y-%m-%d %H:%M:%f', 'now') FROM audit_audithead WHERE id = 1"
)
_INSERT_EVENT = (
    "INSERT INTO audit_auditevent (seq, ts, actor, actor_user_id, action, target_type,"
    " target_id, target_label, data, prev_hash, hash)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_INSERT_SEALED = (
    "INSERT INTO audit_auditevent (seq, ts, actor, actor_user_id, action, target_type,"
    " target_id, target_label, data, prev_hash, hash, pending_id)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
_SELECT_PENDING = (
    "SELECT id, ts, actor, actor_user_id, action, target_type, target_id, target_label, data"
    " FROM audit_auditpending ORDER BY id LIMIT %s"
)
SEAL_BATCH = 5000


@dataclass(frozen=True)
class Link:
    """Where an event went: its place in the chain, or `seq` None while pending."""

    seq: int | None
    prev_hash: str
    hash: str
    ts: dt.datetime


def append(*, actor, actor_user_id, action, target_type, target_id, target_label, data,
           using="default") -> Link:
    """Write one event inside the caller's transaction, at the database's time.

    On PostgreSQL, when another transaction holds the chain's head, the event is
    written to the pending table instead (the returned link has no `seq`): it commits
    with the caller's change all the same, and is sealed into the chain right after
    (see `seal_pending`). So writers never wait for each other's commits, and the
    chain's order is the order of sealing.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("audit events are written inside the service's transaction")
    fields = (actor, actor_user_id, action, target_type, target_id, target_label, data)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_TAKE_HEAD_OR_PEND, fields)
            head_seq, head_hash, pending, ts = cursor.fetchone()
            if head_seq is None:
                return Link(None, "", "", ts)  # sealed by the next writer or the worker
            if pending:
                _seal_locked(cursor, head_seq, head_hash, limit=SEAL_BATCH)
            cursor.execute(_PG_APPEND, (body_digest(ts, *fields), ts, *fields))
            seq, prev_hash, hash_ = cursor.fetchone()
            return Link(seq, prev_hash, hash_, ts)
        # SQLite: the transaction began IMMEDIATE and already excludes other writers.
        cursor.execute(_SQLITE_TAKE_HEAD)
        row = cursor.fetchone()
        if row is None:
            raise RuntimeError("audit head is missing: run `watchroom migrate`")
        seq, prev_hash = row[0] + 1, row[1]
        ts = dt.datetime.strptime(row[2], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=_UTC)
        hash_ = link_hash(prev_hash, seq, body_digest(ts, *fields))
        cursor.execute(
            "UPDATE audit_audithead SET seq = %s, prev_hash = %s, hash = %s WHERE id = 1",
            (seq, prev_hash, hash_),
        )
        cursor.execute(_INSERT_EVENT, (seq, ts, *fields, prev_hash, hash_))
        return Link(seq, prev_hash, hash_, ts)


def _seal_locked(cursor, seq: int, prev: str, *, limit: int) -> int:
    """Chain up to `limit` pending events, oldest first; the caller holds the head."""
    cursor.execute(_SELECT_PENDING, (limit,))
    rows = cursor.fetchall()
    if not rows:
        return 0
    events = []
    for pending_id, *fields in rows:
        seq += 1
        hash_ = link_hash(prev, seq, body_digest(*fields))
        events.append((seq, *fields, prev, hash_, pending_id))
        prev = hash_
    cursor.executemany(_INSERT_SEALED, events)
    cursor.execute("DELETE FROM audit_auditpending WHERE id = ANY(%s)", ([r[0] for r in rows],))
    cursor.execute(
        "UPDATE audit_audithead SET seq = %s, prev_hash = %s, hash = %s WHERE id = 1",
        (seq, events[-1][-3], prev),
    )
    return len(rows)


def seal_pending(using: str = "default") -> int:
    """Seal every pending event into the chain; returns how many. Safe to call from
    any process at any time: while another transaction holds the head, it does
    nothing (that holder, or a later call, seals them)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    total = 0
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(_PG_TAKE_HEAD)
            head = cursor.fetchone()
            if head is None or not head[2]:
                return total
            total += _seal_locked(cursor, head[0], head[1], limit=SEAL_BATCH)


def pending_count(using: str = "default") -> int:
    from watchroom.audit.models import AuditPending

    return AuditPending.objects.using(using).count()


@dataclass
class Verification:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    first_bad_seq: int | None = None
    reason: str = ""


_SELECT = (
    "SELECT seq, ts, actor, actor_user_id, action, target_type, target_id, target_label,"
    " data, prev_hash, hash FROM audit_auditevent ORDER BY seq"
)

# The same definition as `body_digest` and `link_hash`, computed by PostgreSQL next to
# the data: `to_json(text)` escapes exactly the characters Python's `json` does with
# ensure_ascii=False (quote, backslash, \b \f \n \r \t, other controls as \u00xx).
_PG_SELECT = """
SELECT seq, prev_hash, hash,
       encode(pg_catalog.sha256(convert_to(
           prev_hash || chr(10) || seq::text || chr(10) || encode(pg_catalog.sha256(convert_to(
               '[' || to_json(to_char(ts AT TIME ZONE 'UTC',
                                      'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text
               || ',' || to_json(actor)::text
               || ',' || coalesce(actor_user_id::text, 'null')
               || ',' || to_json(action)::text
               || ',' || to_json(target_type)::text
               || ',' || to_json(target_id)::text
               || ',' || to_json(target_label)::text
               || ',' || to_json(data)::text || ']', 'UTF8')), 'hex'),
           'UTF8')), 'hex')
  FROM audit_auditevent {where} ORDER BY seq
"""
_PG_WHERE = "WHERE seq BETWEEN %s AND %s"
_SQLITE_RANGE = _SELECT.replace("ORDER BY", "WHERE seq BETWEEN ? AND ? ORDER BY")
PARALLEL_FROM = 200_000


def _sqlite_ts(value) -> str:
    # Django stores UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]" on SQLite.
    if isinstance(value, str) and value[10:11] == " " and value[4:5] == "-":
        if len(value) == 26:
            return f"{value[:10]}T{value[11:]}Z"
        if len(value) == 19:
            return f"{value[:10]}T{value[11:]}.000000Z"
    return canonical_ts(value)


def _python_rows(rows):
    """(seq, prev_hash, hash, recomputed hash) for rows of `_SELECT`."""
    sha, cts = _sha256, _sqlite_ts
    quote = json.encoder.encode_basestring
    for seq, ts, actor, uid, action, ttype, tid, tlabel, data, prev_hash, hash_ in rows:
        try:
            body = (f"[{quote(cts(ts))},{quote(actor)},{'null' if uid is None else int(uid)},"
                    f"{quote(action)},{quote(ttype)},{quote(tid)},{quote(tlabel)},"
                    f"{quote(data)}]")
        except TypeError:  # a NULL forced in by hand: encode exactly as `body_digest` does
            body = _dumps([cts(ts), actor, uid, action, ttype, tid, tlabel, data])
        digest = sha(body.encode()).hexdigest()
        yield seq, prev_hash, hash_, sha(f"{prev_hash}\n{seq}\n{digest}".encode()).hexdigest()


def _check_range(rows, lo: int) -> tuple[bool, int, str | None, str | None]:
    """(all good, rows seen, first row's prev_hash, last hash) of rows lo, lo+1, …"""
    expected, first_prev, last = lo, None, None
    for seq, prev_hash, hash_, recomputed in rows:
        if seq != expected or recomputed != hash_ or (last is not None and prev_hash != last):
            return False, expected - lo, first_prev, last
        if first_prev is None:
            first_prev = prev_hash
        last = hash_
        expected += 1
    return True, expected - lo, first_prev, last


def _pg_range(using: str, lo: int, hi: int, chunk: int):
    connection = connections[using]
    try:
        with transaction.atomic(using=using), connection.chunked_cursor() as cursor:
            cursor.execute(_PG_SELECT.format(where=_PG_WHERE), [lo, hi])

            def rows():
                while batch := cursor.fetchmany(chunk):
                    yield from batch

            return _check_range(rows(), lo)
    finally:
        connection.close()


def _sqlite_range(path: str, lo: int, hi: int) -> tuple[bool, int, str | None, str | None]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return _check_range(_python_rows(db.execute(_SQLITE_RANGE, (lo, hi))), lo)


def _verify_parallel(using: str, workers: int, chunk: int) -> Verification | None:
    """A quick pass over seq ranges at once; None when anything looks wrong, so that
    the sequential walk can name the first bad event exactly as it always does."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(seq), max(seq) FROM audit_auditevent")
        count, low, high = cursor.fetchone()
        cursor.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1")
        head = cursor.fetchone()
    if not count or low != 1 or high != count or head is None or head[0] != count:
        return None
    step = -(-count // workers)
    ranges = [(lo, min(lo + step - 1, count)) for lo in range(1, count + 1, step)]
    if connection.vendor == "postgresql":
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(len(ranges)) as pool:
            parts = list(pool.map(lambda r: _pg_range(using, *r, chunk), ranges))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        path = str(connection.settings_dict["NAME"])
        with ProcessPoolExecutor(len(ranges),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            parts = list(pool.map(_sqlite_range, [path] * len(ranges),
                                  [lo for lo, _ in ranges], [hi for _, hi in ranges]))
    prev = GENESIS
    for (lo, hi), (ok, seen, first_prev, last) in zip(ranges, parts, strict=True):
        if not ok or seen != hi - lo + 1 or first_prev != prev:
            return None
        prev = last
    if head[1] != prev:
        return None
    return Verification(True, count, count, prev)


def _workers(connection, workers: int | None) -> int:
    if workers is not None:
        return workers
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq FROM audit_audithead WHERE id = 1")
        row = cursor.fetchone()
    if row is None or row[0] < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def verify(using: str = "default", *, chunk: int = 50000,
           workers: int | None = None) -> Verification:
    """Recompute every link of the chain; name the first event that does not match.

    Each row's hash is recomputed from its own stored `prev_hash` (on PostgreSQL by
    the server, in bulk), then the rows are walked in order: a gap, a broken link
    or an altered hash is reported for the first event where it occurs. Long chains
    are first checked in parallel over seq ranges (one connection or process each);
    only when that finds a problem is the chain walked again in order to name it.
    """
    connection = connections[using]
    workers = _workers(connection, workers)
    if workers > 1 and not connection.in_atomic_block:
        quick = _verify_parallel(using, workers, chunk)
        if quick is not None:
            return quick
    expected_seq, prev = 1, GENESIS
    with transaction.atomic(using=using), connection.chunked_cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        cursor.execute(_PG_SELECT.format(where="") if postgres else _SELECT)
        while rows := cursor.fetchmany(chunk):
            for seq, prev_hash, hash_, recomputed in (rows if postgres else _python_rows(rows)):
                if seq != expected_seq:
                    bad = expected_seq if seq > expected_seq else seq
                    return Verification(False, expected_seq - 1, 0, prev, bad,
                                        f"event #{expected_seq} is missing or out of order")
                if prev_hash != prev:
                    return Verification(False, seq - 1, 0, prev, seq,
                                        f"event #{seq} does not link to event #{seq - 1}")
                if recomputed != hash_:
                    return Verification(False, seq - 1, 0, prev, seq,
                                        f"event #{seq} was altered: its hash does not match")
                prev = hash_
                expected_seq += 1
        count = expected_seq - 1
        cursor.execute("SELECT seq, hash FROM audit_audithead WHERE id = 1")
        head = cursor.fetchone()
    if head is None or (head[0], head[1]) != (count, prev):
        return Verification(False, count, count, prev, count + 1,
                            f"the chain's head does not match its last event #{count}:"
                            " events after it were removed")
    return Verification(True, count, count, prev)


def locked_head(using: str = "default"):
    """The head row, locked until the caller's transaction ends."""
    from watchroom.audit.models import AuditHead

    return AuditHead.objects.using(using).select_for_update().get(pk=1)
