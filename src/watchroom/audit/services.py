"""Writing the audit trail. Every other app's services call `audit_record`."""

import json
import time
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from watchroom.audit import chain, checkpoints, extensions
from watchroom.audit.context import Process, request_context
from watchroom.audit.models import AuditCheckpoint, AuditEvent
from watchroom.rules import RuleViolation


def _actor_fields(actor) -> tuple[str, int | None]:
    if actor is None:
        return "anonymous", None
    if isinstance(actor, Process):
        return str(actor), None
    if getattr(actor, "is_authenticated", False):
        return actor.get_username(), actor.pk
    return "anonymous", None


def _target_fields(target) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    if isinstance(target, models.Model):
        meta = target._meta
        return f"{meta.app_label}.{meta.model_name}", str(target.pk), str(target)[:300]
    if isinstance(target, tuple):
        kind, ident, label = (*target, "")[:3]
        return str(kind), str(ident), str(label)[:300]
    raise TypeError(f"audit target must be a model instance or (type, id[, label]): {target!r}")


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def audit_record(*, actor, action: str, target=None, data: dict | None = None) -> AuditEvent:
    """Append one event in the caller's transaction (DESIGN.md: no change without its event).

    Call it inside the service's transaction, last, so the chain's head stays locked briefly.
    """
    payload = dict(data or {})
    context = request_context.get()
    if context:
        payload.setdefault("ctx", context)
    actor_label, actor_user_id = _actor_fields(actor)
    target_type, target_id, target_label = _target_fields(target)
    text = canonical_json(payload)
    link = chain.append(
        actor=actor_label, actor_user_id=actor_user_id, action=action,
        target_type=target_type, target_id=target_id, target_label=target_label, data=text,
    )  # seq None: pending, sealed right after commit
    return AuditEvent(
        seq=link.seq, ts=link.ts, actor=actor_label, actor_user_id=actor_user_id, action=action,
        target_type=target_type, target_id=target_id, target_label=target_label, data=text,
        prev_hash=link.prev_hash, hash=link.hash,
    )


def audit_refusal(*, actor, violation: RuleViolation, service: str = "") -> AuditEvent:
    """A refused action, logged in its own transaction after the refused one rolled back."""
    violation.recorded = True
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action="rule.refused",
            target=violation.details.get("target"),
            data={
                "rule": violation.rule_id,
                "message": str(violation.message),
                "service": service,
                **{k: v for k, v in violation.details.items() if k != "target"},
            },
        )


def changes(before: dict, after: dict) -> dict:
    """The fields that differ, as {field: [old, new]}, for an "updated" event's data."""
    return {key: [before.get(key), value] for key, value in after.items()
            if before.get(key) != value}


def integrity_problems() -> list[str]:
    """Beyond the chain's links: the stored checkpoints as a chain of their own, and the
    checks other apps add (every accepted handover's content against its hashes,
    R-SEC-3, R-HAND-5)."""
    return [*checkpoints.verify_stored().failures,
            *(problem for check in extensions.integrity_checks for problem in check.run()[1])]


def audit_verify(*, actor) -> tuple[chain.Verification, float, list[str]]:
    """Seal what is pending, recompute the whole chain, check the checkpoints and the
    accepted handovers, and record that it was done."""
    started = time.perf_counter()
    chain.seal_pending()
    result = chain.verify()
    problems = integrity_problems()
    seconds = time.perf_counter() - started
    with transaction.atomic():
        audit_record(
            actor=actor, action="audit.verified",
            data={"ok": result.ok and not problems, "count": result.count,
                  "head_seq": result.head_seq, "head_hash": result.head_hash,
                  "first_bad_seq": result.first_bad_seq, "reason": result.reason,
                  "problems": problems[:50], "seconds": round(seconds, 3)},
        )
    return result, seconds, problems


def checkpoint_create(*, actor) -> AuditCheckpoint:
    """Sign the chain's current head as the next numbered checkpoint, store it, and
    copy it to the backup store once committed (R-SEC-3, DESIGN.md)."""
    chain.seal_pending()
    with transaction.atomic():
        head = chain.locked_head()
        checkpoint = checkpoints.sign(seq=head.seq, hash_=head.hash, created=timezone.now(),
                                      previous=checkpoints.latest_numbered())
        checkpoint.save()
        audit_record(
            actor=actor, action="audit.checkpoint", target=checkpoint,
            data={"number": checkpoint.number, "seq": checkpoint.seq,
                  "hash": checkpoint.hash, "key": checkpoint.key_id},
        )
        transaction.on_commit(lambda: checkpoints.copy_off(checkpoint), robust=True)
    return checkpoint
