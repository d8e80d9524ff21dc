"""Camera blocks (R-EQUIP-5): nobody blocks a camera; a temporary block is applied for by
the using department, approved by the room head for a time window, and ends when the
work is finished or by itself at its end time, after which the camera is checked again."""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close
from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.core.validation import full_clean
from watchroom.devices.models import Camera
from watchroom.health import notices, suppression
from watchroom.health.choices import BlockStatus
from watchroom.health.models import CameraBlock
from watchroom.health.selectors import blocks as selectors
from watchroom.rules import RuleViolation
from watchroom.service import service

logger = logging.getLogger("watchroom.health")

# The probe of one camera, now; when it is not installed the camera is checked at the
# probe's next scheduled round instead.
RECHECK_TASK = "watchroom.health.tasks.probe_camera_task"


def recheck_camera(camera_id: int) -> bool:
    """Ask for `camera_id` to be probed now (after the caller's transaction commits)."""
    task = import_string(RECHECK_TASK)  # the tasks module imports this one
    transaction.on_commit(lambda: task.enqueue(camera_id))
    return True


def _window_problems(starts_at, ends_at, now) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if starts_at and ends_at:
        if ends_at <= now:
            problems["ends_at"] = [_("The end must be in the future.")]
        elif ends_at - starts_at > dt.timedelta(hours=selectors.MAX_HOURS):
            problems["ends_at"] = [_(
                "A temporary block lasts at most %(hours)s hours; apply again for "
                "longer work.") % {"hours": selectors.MAX_HOURS}]
    return problems


@service
def block_apply(*, actor, camera: Camera, reason: str, starts_at: dt.datetime,
                ends_at: dt.datetime, now: dt.datetime | None = None) -> CameraBlock:
    """The using department applies to block `camera` from `starts_at` to `ends_at`
    (R-EQUIP-5)."""
    now = now or timezone.now()
    if refusal := selectors.block_apply_refusal(actor, camera):
        raise refusal
    block = CameraBlock(camera=camera, department=camera.area.department,
                        reason=(reason or "").strip(), starts_at=starts_at, ends_at=ends_at,
                        applied_by=actor, applied_at=now)
    full_clean(block, "R-EQUIP-5", extra=_window_problems(starts_at, ends_at, now))
    block.save()
    audit_record(actor=actor, action="health.block_applied", target=block, data={
        "camera": camera.code, "department": block.department.code, "reason": block.reason,
        "starts_at": utc_iso(starts_at), "ends_at": utc_iso(ends_at)})
    notices.block_awaiting(block, actor)
    return block


@service
def block_decide(*, actor, block: CameraBlock, approve: bool, note: str = "",
                 now: dt.datetime | None = None) -> CameraBlock:
    """The room head approves or refuses a block; a refusal says why (R-EQUIP-5)."""
    now = now or timezone.now()
    block = CameraBlock.objects.select_for_update().select_related("camera").get(pk=block.pk)
    if refusal := selectors.block_decide_refusal(actor, block, now):
        raise refusal
    note = (note or "").strip()
    if not approve and not note:
        raise RuleViolation("R-EQUIP-5", _("Say why the block is refused."),
                                      status=400, fields={"note": [_("Say why.")]})
    block.status = BlockStatus.APPROVED if approve else BlockStatus.REFUSED
    block.decided_by, block.decided_at, block.decision_note = actor, now, note
    block.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=actor, action="health.block_decided", target=block, data={
        "camera": block.camera.code, "approved": approve, "note": note})
    notices.block_outcome(block, actor)
    if approve and block.active_at(now):
        _close_alerts(actor, block.camera_id, now)
    return block


def _close_alerts(actor, camera_id: int, now) -> None:
    """An approved block in force from now: the cover's open alerts close, naming it
    (the probe raises none while it lasts)."""
    for cause in suppression.BLOCKED:
        if reason := suppression.suppressed(camera_id, cause, now):
            alert_close(actor=actor, key=f"health:{cause}:camera:{camera_id}", note=reason)


@service
def block_end(*, actor, block: CameraBlock, note: str = "",
              now: dt.datetime | None = None) -> CameraBlock:
    """The applicant or the room head ends a block: the work is finished (or an
    application is withdrawn). The camera is checked again at once."""
    now = now or timezone.now()
    block = CameraBlock.objects.select_for_update().select_related("camera").get(pk=block.pk)
    if refusal := selectors.block_end_refusal(actor, block):
        raise refusal
    was = block.status
    block.status = BlockStatus.ENDED
    block.ended_at, block.ended_by = now, actor
    block.end_note = (note or "").strip() or _("Work finished.")
    block.save(update_fields=["status", "ended_at", "ended_by", "end_note"])
    recheck = recheck_camera(block.camera_id) if was == BlockStatus.APPROVED else False
    audit_record(actor=actor, action="health.block_ended", target=block, data={
        "camera": block.camera.code, "was": was, "note": block.end_note,
        "recheck": recheck})
    return block


@service
def blocks_end_due(*, actor, now: dt.datetime | None = None) -> list[CameraBlock]:
    """Blocks whose end time has come end by themselves (R-EQUIP-5: a block is removed
    when the work ends), each audited, and each approved one's camera is checked again;
    an application never decided lapses."""
    now = now or timezone.now()
    ended = []
    for block in selectors.blocks_due_to_end(now).select_for_update().select_related(
            "camera"):
        was = block.status
        approved = was == BlockStatus.APPROVED
        block.status = BlockStatus.ENDED if approved else BlockStatus.LAPSED
        block.ended_at = block.ends_at
        block.end_note = (_("Ended by itself at its end time.") if approved
                          else _("Lapsed: never decided."))
        block.save(update_fields=["status", "ended_at", "end_note"])
        recheck = recheck_camera(block.camera_id) if approved else False
        audit_record(actor=actor, action="health.block_expired", target=block, data={
            "camera": block.camera.code, "was": was, "ends_at": utc_iso(block.ends_at),
            "recheck": recheck})
        ended.append(block)
    return ended
