"""Photos of maintenance work (R-EQUIP-2): accepted only when they really are a JPEG or
PNG of a sane size (decoded once, as duty's pictures are), kept in the data folder under
their SHA-256 so that the file is the one the audit trail names."""

from pathlib import Path

from django.conf import settings

from watchroom.core import files
from watchroom.duty import pictures
from watchroom.rules import RuleViolation

MAX_PHOTOS = 10


def photo_check(data: bytes) -> pictures.Picture:
    """The picture, or RuleViolation (R-EQUIP-2, field "photos") when it is not one."""
    try:
        return pictures.picture_check(data)
    except RuleViolation as exc:
        raise RuleViolation("R-EQUIP-2", exc.message, status=400,
                            fields={"photos": [str(exc.message)]}) from None


def folder() -> Path:
    return Path(settings.WATCHROOM.get("MAINTENANCE_PHOTOS_DIR")
                or Path(settings.DATA_DIR) / "maintenance-photos")


def photo_store(picture: pictures.Picture) -> str:
    """Write the photo under its hash (again: nothing changes); its path in the folder."""
    relpath = f"{picture.sha256[:2]}/{picture.sha256}.{picture.suffix}"
    final = folder() / relpath
    if not final.exists():
        files.durable_write(final, picture.data, mode=0o640)
    return relpath


def photo_path(relpath: str) -> Path:
    return folder() / relpath
