"""Reference pictures (R-EQUIP-4): the room head approves the picture of a camera's
scene that the `moved` check compares with; the one it replaces stays on record."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.devices.models import Camera
from watchroom.health import references, suppression
from watchroom.health.choices import ChangeStatus, ReferenceSource
from watchroom.health.models import HealthCheck, ReferenceImage
from watchroom.health.selectors import references as selectors
from watchroom.rules import RuleViolation
from watchroom.service import service


def _check_bytes(camera: Camera, check: HealthCheck) -> bytes:
    if check.camera_id != camera.pk:
        raise RuleViolation("R-EQUIP-4", _("This health check is of another camera."),
                            status=400)
    if not check.ok or set(check.excused) & set(suppression.BLOCKED):
        raise RuleViolation("R-EQUIP-4", _(
            "Only a healthy picture becomes a reference picture."), status=400)
    path = references.check_picture_path(check)
    try:
        return path.read_bytes() if path else b""
    except OSError:
        return b""


@service
def reference_approve(*, actor, camera: Camera, picture: bytes | None = None,
                      health_check: HealthCheck | None = None,
                      now: dt.datetime | None = None) -> ReferenceImage:
    """The room head approves `camera`'s reference picture: an uploaded JPEG/PNG
    (`picture`) or a healthy check's picture (`health_check`). The current one is
    replaced (kept, with the time); a change done on the camera and awaiting its new
    reference is closed by it (R-EQUIP-4)."""
    now = now or timezone.now()
    if refusal := selectors.reference_approve_refusal(actor, camera):
        raise refusal
    if (picture is None) == (health_check is None):
        raise RuleViolation("R-EQUIP-4", _(
            "Give either a picture or a health check's picture."), status=400)
    if health_check is not None:
        data = _check_bytes(camera, health_check)
        if not data:
            raise RuleViolation("R-EQUIP-4", _(
                "This health check's picture is no longer kept."), status=400)
        taken_at, source = health_check.checked_at, ReferenceSource.CHECK
    else:
        data, taken_at, source = picture, now, ReferenceSource.UPLOAD
    checked = references.picture_check(data)
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    old = ReferenceImage.objects.filter(camera=camera, replaced_at__isnull=True).first()
    change = selectors.change_awaiting_reference(camera)
    if change and health_check is not None and health_check.checked_at <= change.done_at:
        raise RuleViolation("R-EQUIP-4", _(
            "The new reference picture must be taken after the change was done."),
            status=400)
    relpath = references.picture_store(checked)
    if old is not None:
        old.replaced_at = now
        old.save(update_fields=["replaced_at"])
    reference = ReferenceImage.objects.create(
        camera=camera, path=relpath, sha256=checked.sha256, width=checked.width,
        height=checked.height, taken_at=taken_at, source=source, health_check=health_check,
        change=change, approved_by=actor, approved_at=now)
    if change is not None:
        change.status = ChangeStatus.CLOSED
        change.closed_at = now
        change.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="health.reference_approved", target=reference, data={
        "camera": camera.code, "sha256": checked.sha256, "path": relpath,
        "width": checked.width, "height": checked.height, "source": source,
        "health_check": health_check.pk if health_check else None,
        "taken_at": utc_iso(taken_at),
        "replaced": old.pk if old else None, "replaced_sha256": old.sha256 if old else None,
        "change_closed": change.pk if change else None})
    return reference
