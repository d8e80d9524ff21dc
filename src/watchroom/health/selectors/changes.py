"""Camera changes (R-EQUIP-4): who may request, decide and carry out one; which is open."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from watchroom.devices.choices import EquipmentStatus
from watchroom.health.choices import ChangeStatus
from watchroom.health.models import CameraChange
from watchroom.rules import RuleViolation

REQUEST_PERMISSION = "health.add_camerachange"
APPROVE_PERMISSION = "health.approve_change"
CARRY_OUT_PERMISSION = "health.carry_out_change"
# A change is a piece of work (turning a camera, a firmware update); while its window is
# open a changed scene is excused, so a longer window is a blind spot: apply again.
MAX_DAYS = 7


def change_request_refusal(actor, camera=None) -> RuleViolation | None:
    if not actor.has_perm(REQUEST_PERMISSION):
        return RuleViolation("R-EQUIP-4", _("You may not request a camera change."),
                             status=403)
    if camera is not None and camera.status == EquipmentStatus.RETIRED:
        return RuleViolation("R-EQUIP-4", _("This camera is retired."))
    return None


def change_decide_refusal(actor, change: CameraChange) -> RuleViolation | None:
    """Why `actor` may not approve or refuse `change`, or None."""
    if not actor.has_perm(APPROVE_PERMISSION):
        return RuleViolation("R-EQUIP-4", _(
            "Only the room head approves or refuses a camera change."), status=403)
    if change.status != ChangeStatus.REQUESTED:
        return RuleViolation("R-EQUIP-4", _("This change has already been decided."))
    if change.requested_by_id == actor.pk:
        return RuleViolation("R-EQUIP-4", _("Nobody approves their own request."),
                             status=403)
    return None


def change_done_refusal(actor, change: CameraChange) -> RuleViolation | None:
    """Why `actor` may not record `change` as done, or None."""
    if not actor.has_perm(CARRY_OUT_PERMISSION):
        return RuleViolation("R-EQUIP-4", _(
            "Only a technician records a camera change as done."), status=403)
    if change.status != ChangeStatus.APPROVED:
        return RuleViolation("R-EQUIP-4", _(
            "Only an approved change not yet done can be recorded as done."))
    return None


# The room head's time to approve the new reference after a change is done; after it the
# changed scene alerts again, so that an unapproved reference silences nothing for ever.
REFERENCE_GRACE = dt.timedelta(hours=24)


def open_change(camera, at: dt.datetime) -> CameraChange | None:
    """The approved change of `camera` (a Camera or its pk) that excuses a changed scene
    at `at`: approved and inside its planned window, or done and awaiting the new
    reference picture, for `REFERENCE_GRACE` at most."""
    camera_id = getattr(camera, "pk", camera)
    return CameraChange.objects.filter(
        Q(status=ChangeStatus.APPROVED, planned_start__lte=at, planned_end__gte=at)
        | Q(status=ChangeStatus.DONE, done_at__lte=at, done_at__gte=at - REFERENCE_GRACE),
        camera_id=camera_id).order_by("-requested_at").first()
