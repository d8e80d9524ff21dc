"""The recorder's own check of a camera's stored address before it opens it (R-REC-2).

Forms, API and import refuse a bad address (devices.addresses); a row written around
them (the database edited by hand, an address allowed before a setting changed) is
refused here too, and the camera's alert says why.
"""

import logging

from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.devices import addresses
from watchroom.service import service

logger = logging.getLogger("watchroom.recorder")


def address_alert_key(camera_id: int) -> str:
    return f"recording.address:{camera_id}"


@service
def camera_address_refuse(*, actor, camera, reason: str):
    alert, created = alert_raise(
        actor=actor, kind="recording.address", severity="critical",
        key=address_alert_key(camera.pk), target=camera,
        message=_("Camera %(camera)s is not recorded: its stream address is not allowed. "
                  "%(reason)s") % {"camera": str(camera), "reason": reason})
    if created:
        audit_record(actor=actor, action="recording.address_refused", target=camera,
                     data={"camera": camera.code, "reason": str(reason)})
        logger.error("camera %s not recorded: %s", camera.code, reason)
    return alert


@service
def camera_address_refusal_clear(*, actor, camera):
    return alert_close(actor=actor, key=address_alert_key(camera.pk),
                       note=_("The camera's stream address is allowed again."))


def camera_address_check(*, actor, camera) -> bool:
    """True when the recorder may open this camera's stored address; else the refusal
    is on record."""
    reason = addresses.problem(camera.stream_url)
    if reason:
        camera_address_refuse(actor=actor, camera=camera, reason=reason)
        return False
    camera_address_refusal_clear(actor=actor, camera=camera)
    return True
