"""Reference pictures (R-EQUIP-4): a picture is accepted only when it really is a JPEG or
PNG of a sane size, decoded once to be sure, and kept in the data folder under its
SHA-256, so the file is the one the audit trail names. `current_reference_path(camera)`
is the picture the probe's `moved` check compares with."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from watchroom.core import files
from watchroom.health.models import ReferenceImage
from watchroom.rules import RuleViolation

MAX_BYTES = 10 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 64, 8192
KINDS = {b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
RULE = "R-EQUIP-4"


@dataclass(frozen=True)
class Picture:
    data: bytes
    suffix: str
    width: int
    height: int
    sha256: str


def _refuse(reason: str) -> RuleViolation:
    return RuleViolation(RULE, reason, status=400, fields={"picture": [reason]})


def picture_check(data: bytes) -> Picture:
    """The picture, or RuleViolation when it is not a decodable JPEG/PNG within bounds."""
    if not data or len(data) > MAX_BYTES:
        raise _refuse(_("The picture must be a JPEG or PNG of at most %(mb)s MB.") % {
            "mb": MAX_BYTES // (1024 * 1024)})
    suffix = next((s for magic, s in KINDS.items() if data.startswith(magic)), None)
    if suffix is None:
        raise _refuse(_("The picture must be a JPEG or PNG image."))
    decoded = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if decoded is None:
        raise _refuse(_("The picture cannot be read as an image."))
    height, width = decoded.shape[:2]
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise _refuse(_("The picture must be between %(min)s and %(max)s pixels wide and "
                        "high.") % {"min": MIN_SIDE, "max": MAX_SIDE})
    return Picture(data, suffix, width, height, hashlib.sha256(data).hexdigest())


def folder() -> Path:
    return Path(settings.WATCHROOM["HEALTH_REFERENCES_DIR"])


def picture_store(picture: Picture) -> str:
    """Write the picture under its hash (writing it again changes nothing); the path
    relative to the references' folder."""
    relpath = f"{picture.sha256[:2]}/{picture.sha256}.{picture.suffix}"
    final = folder() / relpath
    if not final.exists():
        files.durable_write(final, picture.data, mode=0o640)
    return relpath


def reference_file(reference) -> Path:
    return folder() / reference.path


def check_picture_path(check) -> Path | None:
    """The file of a HealthCheck's picture: its path as written when absolute, else
    under the probes' pictures folder; None when it has none."""
    if not check.picture:
        return None
    path = Path(check.picture)
    if path.is_absolute():
        return path
    return Path(settings.WATCHROOM.get("HEALTH_PICTURES_DIR",
                                       Path(settings.WATCHROOM["HEALTH_REFERENCES_DIR"]).parent
                                       / "health-pictures")) / path


def current_reference(camera):
    camera_id = getattr(camera, "pk", camera)
    return ReferenceImage.objects.filter(camera_id=camera_id, replaced_at__isnull=True).first()


def current_reference_path(camera) -> Path | None:
    """The picture the room head approved as `camera`'s scene (a Camera or its pk), or
    None when there is none (or its file is gone: then `moved` is not checked, and the
    reference page shows the camera without one)."""
    reference = current_reference(camera)
    if reference is None:
        return None
    path = reference_file(reference)
    return path if path.is_file() else None
