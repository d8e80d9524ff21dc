"""Camera blocks (R-EQUIP-5): who may apply, decide and end one; which are active."""

import datetime as dt

from django.utils.translation import gettext as _

from watchroom.devices.choices import EquipmentStatus
from watchroom.health.choices import BlockStatus
from watchroom.health.models import CameraBlock
from watchroom.rules import RuleViolation

APPROVE_PERMISSION = "health.approve_block"
# A temporary block is for a piece of work (painting, repairs, a procedure that must not
# be filmed); while it lasts the camera sees nothing. Three days covers a weekend's work;
# longer work is applied for again, so the room head looks at a blind camera at least
# every three days instead of forgetting it.
MAX_HOURS = 72


def department_of(user):
    staff = getattr(user, "staff", None)
    return getattr(staff, "department", None) if staff else None


def block_apply_refusal(actor, camera) -> RuleViolation | None:
    """Why `actor` may not apply to block `camera`, or None: the using department (the
    department responsible for the camera's area) applies, through its own staff."""
    department = department_of(actor)
    if department is None:
        return RuleViolation("R-EQUIP-5", _(
            "Only a member of a department applies to block a camera."), status=403)
    if camera is not None and camera.status == EquipmentStatus.RETIRED:
        return RuleViolation("R-EQUIP-5", _("This camera is retired."))
    if camera is not None and camera.area.department_id != department.pk:
        return RuleViolation("R-EQUIP-5", _(
            "Only the department responsible for %(area)s (%(department)s) applies to "
            "block its cameras.") % {"area": camera.area.name,
                                     "department": camera.area.department.name},
            status=403)
    return None


def block_decide_refusal(actor, block: CameraBlock, now: dt.datetime) -> RuleViolation | None:
    """Why `actor` may not approve or refuse `block`, or None."""
    if not actor.has_perm(APPROVE_PERMISSION):
        return RuleViolation("R-EQUIP-5", _(
            "Only the room head approves or refuses a camera block."), status=403)
    if block.status != BlockStatus.APPLIED:
        return RuleViolation("R-EQUIP-5", _("This block has already been decided."))
    if block.applied_by_id == actor.pk:
        return RuleViolation("R-EQUIP-5", _("Nobody approves their own application."),
                             status=403)
    if block.ends_at <= now:
        return RuleViolation("R-EQUIP-5", _("This block's time window is over."))
    return None


def block_end_refusal(actor, block: CameraBlock) -> RuleViolation | None:
    """Why `actor` may not end `block` now (the work is finished), or None: the applicant
    or the room head ends an approved block, or withdraws an application."""
    if block.status not in (BlockStatus.APPLIED, BlockStatus.APPROVED):
        return RuleViolation("R-EQUIP-5", _("This block is no longer in force."))
    if block.applied_by_id != actor.pk and not actor.has_perm(APPROVE_PERMISSION):
        return RuleViolation("R-EQUIP-5", _(
            "Only the applicant or the room head ends a camera block."), status=403)
    return None


def active_block(camera, at: dt.datetime) -> CameraBlock | None:
    """The approved block of `camera` (a Camera or its pk) in force at `at`."""
    camera_id = getattr(camera, "pk", camera)
    return CameraBlock.objects.filter(
        camera_id=camera_id, status=BlockStatus.APPROVED, starts_at__lte=at,
        ends_at__gt=at).select_related("department").order_by("starts_at").first()


def blocks_due_to_end(now: dt.datetime):
    """Blocks still in force (or undecided) whose end time has come."""
    return CameraBlock.objects.filter(
        status__in=[BlockStatus.APPROVED, BlockStatus.APPLIED], ends_at__lte=now)


def block_state(block: CameraBlock, now: dt.datetime) -> str:
    """What people read: the status, with an approved block shown as active inside its
    window and as awaiting its start before it."""
    if block.status == BlockStatus.APPROVED:
        if block.starts_at <= now < block.ends_at:
            return _("active")
        if now < block.starts_at:
            return _("approved, not yet started")
    return block.get_status_display()
