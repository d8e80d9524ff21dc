"""Signed checkpoints: a statement, signed with Ed25519, that the chain had `seq`
events ending in `hash`. Exported as a small JSON file that can be printed or sent
off-site; a later `watchroom audit verify --checkpoint FILE` proves the chain still
contains exactly that history.
"""

import datetime as dt
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from watchroom.audit import chain, signing
from watchroom.audit.models import AuditCheckpoint, AuditEvent

FORMAT = "watchroom-audit-checkpoint/1"


def message(seq: int, hash_: str, created: str) -> bytes:
    return f"{FORMAT}\n{seq}\n{hash_}\n{created}".encode()


def sign(*, seq: int, hash_: str, created: dt.datetime) -> AuditCheckpoint:
    key = signing.private_key()
    created_text = chain.canonical_ts(created)
    signature = key.sign(message(seq, hash_, created_text))
    return AuditCheckpoint(
        created=created, seq=seq, hash=hash_,
        key_id=signing.fingerprint(key.public_key()), signature=signing.b64(signature),
    )


def export(checkpoint: AuditCheckpoint) -> str:
    public = signing.private_key().public_key()
    return json.dumps(
        {
            "format": FORMAT,
            "seq": checkpoint.seq,
            "hash": checkpoint.hash,
            "created": chain.canonical_ts(checkpoint.created),
            "public_key": signing.b64(signing.public_raw(public)),
            "key_id": checkpoint.key_id,
            "signature": checkpoint.signature,
        },
        indent=2,
    ) + "\n"


@dataclass
class CheckpointResult:
    ok: bool
    reason: str


def verify_document(text: str, using: str = "default") -> CheckpointResult:
    """Check a checkpoint file's signature and that the chain still holds its head."""
    try:
        doc = json.loads(text)
        if doc.get("format") != FORMAT:
            return CheckpointResult(False, "not a Watchroom audit checkpoint file")
        seq, hash_, created = int(doc["seq"]), str(doc["hash"]), str(doc["created"])
        public = Ed25519PublicKey.from_public_bytes(signing.unb64(doc["public_key"]))
        signature = signing.unb64(doc["signature"])
    except (ValueError, KeyError, TypeError) as exc:
        return CheckpointResult(False, f"the checkpoint file is malformed: {exc}")
    try:
        public.verify(signature, message(seq, hash_, created))
    except InvalidSignature:
        return CheckpointResult(False, "the checkpoint's signature is not valid")
    current = signing.private_key().public_key()
    if signing.public_raw(current) != signing.public_raw(public):
        return CheckpointResult(False, "the checkpoint was signed with another key")
    if seq == 0:
        return CheckpointResult(True, "checkpoint of the empty chain")
    event = AuditEvent.objects.using(using).filter(seq=seq).only("hash").first()
    if event is None:
        return CheckpointResult(False, f"event #{seq} named by the checkpoint is missing")
    if event.hash != hash_:
        return CheckpointResult(
            False,
            f"event #{seq} no longer has the hash the checkpoint signed: history was rewritten",
        )
    return CheckpointResult(True, f"event #{seq} still has the signed hash {hash_[:16]}…")
