"""Signed checkpoints: statements, signed with Ed25519, that the chain had `seq` events
ending in `hash`. They form a chain of their own (R-SEC-3):

    statement = "watchroom-audit-checkpoint/2\\n<number>\\n<seq>\\n<hash>\\n<created>\\n<prev>"
    prev      = hex SHA-256 of the previous checkpoint's statement (64 zeros for #1)

so a missing, replaced or reordered checkpoint is found. Each is exported as a small
JSON file, copied to the backup store as it is made and downloadable from the
auditor's page; `watchroom audit verify --checkpoint DIR` checks a folder of them
against the database. Checkpoints signed before numbering (format /1) have no number
and no link and are checked one by one.
"""

import datetime as dt
import hashlib
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db.models import OuterRef, Subquery

from watchroom.audit import chain, extensions, signing
from watchroom.audit.models import AuditCheckpoint, AuditEvent

FORMAT = "watchroom-audit-checkpoint/2"
FORMAT_UNNUMBERED = "watchroom-audit-checkpoint/1"
STORE_PREFIX = "audit-checkpoints"
logger = logging.getLogger("watchroom.audit")


def message(seq: int, hash_: str, created: str, number: int | None = None,
            prev: str | None = None) -> bytes:
    if number is None:
        return f"{FORMAT_UNNUMBERED}\n{seq}\n{hash_}\n{created}".encode()
    return f"{FORMAT}\n{number}\n{seq}\n{hash_}\n{created}\n{prev}".encode()


def _message_of(checkpoint: AuditCheckpoint) -> bytes:
    return message(checkpoint.seq, checkpoint.hash, chain.canonical_ts(checkpoint.created),
                   checkpoint.number, checkpoint.prev_hash)


def statement_hash(checkpoint: AuditCheckpoint) -> str:
    """What the next checkpoint signs as `prev`."""
    return hashlib.sha256(_message_of(checkpoint)).hexdigest()


def latest_numbered(using: str = "default") -> AuditCheckpoint | None:
    return (AuditCheckpoint.objects.using(using).filter(number__isnull=False)
            .order_by("-number").first())


def sign(*, seq: int, hash_: str, created: dt.datetime,
         previous: AuditCheckpoint | None) -> AuditCheckpoint:
    """The next checkpoint after `previous` (the newest numbered one, or None)."""
    key = signing.private_key()
    checkpoint = AuditCheckpoint(
        number=previous.number + 1 if previous else 1,
        prev_hash=statement_hash(previous) if previous else chain.GENESIS,
        created=created, seq=seq, hash=hash_, key_id=signing.fingerprint(key.public_key()))
    checkpoint.signature = signing.b64(key.sign(_message_of(checkpoint)))
    return checkpoint


def file_name(checkpoint: AuditCheckpoint) -> str:
    if checkpoint.number is None:
        return f"watchroom-audit-checkpoint-{checkpoint.seq}-{checkpoint.pk}.json"
    return f"watchroom-audit-checkpoint-{checkpoint.number:08d}.json"


def export(checkpoint: AuditCheckpoint) -> str:
    public = signing.private_key().public_key()
    document = {"format": FORMAT if checkpoint.number is not None else FORMAT_UNNUMBERED}
    if checkpoint.number is not None:
        document |= {"number": checkpoint.number, "prev": checkpoint.prev_hash}
    document |= {
        "seq": checkpoint.seq,
        "hash": checkpoint.hash,
        "created": chain.canonical_ts(checkpoint.created),
        "public_key": signing.b64(signing.public_raw(public)),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }
    return json.dumps(document, indent=2) + "\n"


@dataclass
class CheckpointResult:
    ok: bool
    reason: str


def _event_hash(seq: int, using: str) -> str | None:
    return AuditEvent.objects.using(using).filter(seq=seq).values_list("hash", flat=True).first()


def _against_chain(seq: int, hash_: str, event_hash: str | None, label: str) -> CheckpointResult:
    if seq == 0:
        return CheckpointResult(True, f"{label}: the empty chain")
    if event_hash is None:
        return CheckpointResult(False, f"{label}: event #{seq} it signed is missing:"
                                       " the chain was cut short")
    if event_hash != hash_:
        return CheckpointResult(False, f"{label}: event #{seq} no longer has the hash it"
                                       " signed: history was rewritten")
    return CheckpointResult(True, f"{label}: event #{seq} still has the signed hash"
                                  f" {hash_[:16]}…")


def verify_document(text: str, using: str = "default") -> CheckpointResult:
    """Check a checkpoint file's signature, that the chain still holds its head and,
    for a numbered one, that the database still holds exactly that checkpoint."""
    try:
        doc = json.loads(text)
        if doc.get("format") not in (FORMAT, FORMAT_UNNUMBERED):
            return CheckpointResult(False, "not a Watchroom audit checkpoint file")
        seq, hash_, created = int(doc["seq"]), str(doc["hash"]), str(doc["created"])
        number, prev = None, None
        if doc["format"] == FORMAT:
            number, prev = int(doc["number"]), str(doc["prev"])
        public = Ed25519PublicKey.from_public_bytes(signing.unb64(doc["public_key"]))
        signature = signing.unb64(doc["signature"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return CheckpointResult(False, f"the checkpoint file is malformed: {exc}")
    try:
        public.verify(signature, message(seq, hash_, created, number, prev))
    except InvalidSignature:
        return CheckpointResult(False, "the checkpoint's signature is not valid")
    current = signing.private_key().public_key()
    if signing.public_raw(current) != signing.public_raw(public):
        return CheckpointResult(False, "the checkpoint was signed with another key")
    label = f"checkpoint #{number}" if number is not None else "checkpoint"
    if number is not None:
        stored = AuditCheckpoint.objects.using(using).filter(number=number).first()
        if stored is None:
            return CheckpointResult(False, f"{label} is no longer in the database:"
                                           " checkpoints were deleted")
        if stored.signature != doc["signature"] or _message_of(stored) != message(
                seq, hash_, created, number, prev):
            return CheckpointResult(False, f"{label} in the database is not the one"
                                           " copied off: it was replaced")
    return _against_chain(seq, hash_, _event_hash(seq, using), label)


@dataclass
class ChainOfCheckpoints:
    count: int
    failures: list[str]


def _signed(public, checkpoint: AuditCheckpoint) -> bool:
    try:
        public.verify(signing.unb64(checkpoint.signature), _message_of(checkpoint))
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_stored(using: str = "default") -> ChainOfCheckpoints:
    """Every stored checkpoint: its place in the numbered chain (no gap, each linked to
    the statement before), the chain event it signed; the newest one's signature,
    which through the links vouches for every statement before it (an unnumbered one
    is checked on its own); and every checkpoint the audit trail says was made must
    still be stored."""
    public = signing.private_key().public_key()
    rows = AuditCheckpoint.objects.using(using).annotate(event_hash=Subquery(
        AuditEvent.objects.using(using).filter(seq=OuterRef("seq")).values("hash")[:1]))
    failures, count, previous = [], 0, None
    for checkpoint in rows.order_by("number", "seq", "pk").iterator(chunk_size=5000):
        count += 1
        if checkpoint.number is None:
            label = f"unnumbered checkpoint {checkpoint.pk}"
            if not _signed(public, checkpoint):
                failures.append(f"{label}: its signature is not valid")
        else:
            label = f"checkpoint #{checkpoint.number}"
            expected = previous.number + 1 if previous else 1
            if checkpoint.number != expected:
                failures.append(f"checkpoint #{expected} is missing (the next stored is"
                                f" #{checkpoint.number})")
            elif checkpoint.prev_hash != (statement_hash(previous) if previous
                                          else chain.GENESIS):
                failures.append(f"{label} does not follow checkpoint #{expected - 1}:"
                                " a checkpoint was replaced")
            previous = checkpoint
        outcome = _against_chain(checkpoint.seq, checkpoint.hash, checkpoint.event_hash, label)
        if not outcome.ok:
            failures.append(outcome.reason)
    if previous is not None and not _signed(public, previous):
        failures.append(f"checkpoint #{previous.number}: its signature is not valid")
    newest = previous.number if previous else 0
    recorded = 0
    for data in AuditEvent.objects.using(using).filter(action="audit.checkpoint").values_list(
            "data", flat=True).iterator(chunk_size=5000):
        number = json.loads(data).get("number")
        if isinstance(number, int) and number > recorded:
            recorded = number
    if recorded > newest:
        failures.append(f"the audit trail records checkpoint #{recorded} but the newest"
                        f" stored is #{newest}: checkpoints were deleted")
    return ChainOfCheckpoints(count, failures)


def documents(path: Path) -> list[Path]:
    """A checkpoint file, or every .json file in a folder (and its subfolders)."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.json") if p.is_file())
    return [path]


def copy_off(checkpoint: AuditCheckpoint, *, backfill: int = 50) -> bool:
    """Copy the checkpoint to the backup store (R-SEC-3), with any of the `backfill`
    newest ones an earlier copy missed; verified by hash. False when there is no store
    or the copy failed (logged: the checkpoint itself stands)."""
    try:
        store = extensions.offsite_store()
        if store is None:
            logger.warning("no backup store: audit checkpoint #%s stays on this machine only",
                           checkpoint.number)
            return False
        present = store.sizes(STORE_PREFIX)
        wanted = [checkpoint]
        if checkpoint.number is not None:
            wanted += list(AuditCheckpoint.objects.filter(
                number__lt=checkpoint.number, number__gte=checkpoint.number - backfill))
        copied = True
        with tempfile.TemporaryDirectory() as folder:
            for item in wanted:
                relpath = f"{STORE_PREFIX}/{file_name(item)}"
                if item is not checkpoint and relpath in present:
                    continue
                text = export(item).encode()
                source = Path(folder, file_name(item))
                source.write_bytes(text)
                if store.put(relpath, source) != hashlib.sha256(text).hexdigest():
                    logger.error("the copy of audit checkpoint %s in %s does not match",
                                 relpath, store.label)
                    copied = False
        return copied
    except Exception:
        logger.exception("copying audit checkpoint #%s off the machine failed",
                         checkpoint.number)
        return False
