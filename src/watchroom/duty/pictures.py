"""Pictures attached to duty-log entries (R-INC-1): accepted only when they really are a
JPEG or PNG of a sane size, decoded once to be sure; kept in the data folder under their
SHA-256, so the file is the one the audit trail names."""

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import av
from django.conf import settings
from django.utils.translation import gettext as _

from watchroom.core import files
from watchroom.rules import RuleViolation

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 16, 4096
KINDS = {  # leading bytes → (demuxer, content type, suffix)
    b"\xff\xd8\xff": ("jpeg_pipe", "image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("png_pipe", "image/png", "png"),
}


@dataclass(frozen=True)
class Picture:
    data: bytes
    content_type: str
    suffix: str
    width: int
    height: int
    sha256: str


def _refuse(reason: str) -> RuleViolation:
    return RuleViolation("R-INC-1", reason, status=400, fields={"picture": [reason]})


def picture_check(data: bytes) -> Picture:
    """The picture, or RuleViolation when it is not a decodable JPEG/PNG within bounds."""
    if not data or len(data) > MAX_BYTES:
        raise _refuse(_("The picture must be a JPEG or PNG of at most %(mb)s MB.") % {
            "mb": MAX_BYTES // (1024 * 1024)})
    kind = next((k for magic, k in KINDS.items() if data.startswith(magic)), None)
    if kind is None:
        raise _refuse(_("The picture must be a JPEG or PNG image."))
    demuxer, content_type, suffix = kind
    try:
        with av.open(io.BytesIO(data), format=demuxer) as container:
            frame = next(container.decode(video=0))
            width, height = frame.width, frame.height
    except (av.FFmpegError, StopIteration, ValueError, OSError):
        raise _refuse(_("The picture cannot be read as an image.")) from None
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise _refuse(_("The picture must be between %(min)s and %(max)s pixels wide and "
                        "high.") % {"min": MIN_SIDE, "max": MAX_SIDE})
    return Picture(data, content_type, suffix, width, height,
                   hashlib.sha256(data).hexdigest())


def folder() -> Path:
    return Path(settings.WATCHROOM["LOG_PICTURES_DIR"])


def picture_store(picture: Picture) -> str:
    """Write the picture under its hash (writing it again changes nothing); the path
    relative to the pictures' folder."""
    relpath = f"{picture.sha256[:2]}/{picture.sha256}.{picture.suffix}"
    final = folder() / relpath
    if not final.exists():
        files.durable_write(final, picture.data, mode=0o640)
    return relpath


def picture_path(relpath: str) -> Path:
    return folder() / relpath
