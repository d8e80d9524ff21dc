"""Reference pictures (R-EQUIP-4): who may approve one, and the picture proposed."""

from django.utils.translation import gettext as _

from watchroom.health.choices import ChangeStatus
from watchroom.health.models import CameraChange, HealthCheck, ReferenceImage
from watchroom.health.suppression import BLOCKED
from watchroom.recording.access import camera_scope_refusal
from watchroom.rules import RuleViolation

APPROVE_PERMISSION = "health.approve_reference"


def reference_approve_refusal(actor, camera) -> RuleViolation | None:
    """Why `actor` may not approve `camera`'s reference picture, or None."""
    if not actor.has_perm(APPROVE_PERMISSION):
        return RuleViolation("R-EQUIP-4", _(
            "Only the room head approves a camera's reference picture."), status=403)
    return camera_scope_refusal(actor, camera)  # R-FOOT-6: one sees what one approves


def reference_history(camera):
    return ReferenceImage.objects.filter(camera=camera).select_related(
        "approved_by__staff", "change", "health_check")


def change_awaiting_reference(camera) -> CameraChange | None:
    """The change done on `camera` whose new reference picture is not yet approved."""
    return CameraChange.objects.filter(camera=camera, status=ChangeStatus.DONE).order_by(
        "-done_at").first()


def reference_proposal(camera) -> HealthCheck | None:
    """The picture proposed as `camera`'s reference: its latest healthy check with a
    picture, taken after the change awaiting its reference when there is one; never a
    picture covered (or black) under an approved block, which is not the scene."""
    checks = HealthCheck.objects.filter(camera=camera, ok=True).exclude(picture="")
    for cause in BLOCKED:
        checks = checks.exclude(excused__has_key=cause)
    if change := change_awaiting_reference(camera):
        checks = checks.filter(checked_at__gt=change.done_at)
    return checks.order_by("-checked_at", "-pk").first()
