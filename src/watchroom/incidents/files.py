"""Incidents' attachments: what an upload really is, read from its bytes (as equipment
manuals are), a picture decoded once (as duty's pictures are), kept in the data folder
under its SHA-256 so that the file is the one the audit trail names."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from watchroom.core import files
from watchroom.devices import manuals
from watchroom.duty import pictures
from watchroom.rules import RuleViolation

MAX_BYTES = manuals.MAX_BYTES
SUFFIX = {kind: sorted(names)[0] for kind, names in manuals.SUFFIXES.items()}


@dataclass(frozen=True)
class Upload:
    data: bytes
    sha256: str
    content_type: str


def upload_check(name: str, data: bytes) -> Upload:
    """The upload, or RuleViolation (R-INC-1, field "file") when it cannot be kept."""
    try:
        kind = manuals.inspect(name, data)
        if kind in (manuals.PNG, manuals.JPEG):
            pictures.picture_check(data)
    except (manuals.NotAManual, RuleViolation) as exc:
        message = str(getattr(exc, "message", exc))
        raise RuleViolation("R-INC-1", message, status=400,
                            fields={"file": [message]}) from None
    return Upload(data=data, sha256=hashlib.sha256(data).hexdigest(), content_type=kind)


def folder() -> Path:
    return Path(settings.WATCHROOM.get("INCIDENT_FILES_DIR")
                or Path(settings.DATA_DIR) / "incident-files")


def upload_store(upload: Upload) -> str:
    """Write the file under its hash (again: nothing changes); its path in the folder."""
    relpath = f"{upload.sha256[:2]}/{upload.sha256}{SUFFIX[upload.content_type]}"
    final = folder() / relpath
    if not final.exists():
        files.durable_write(final, upload.data, mode=0o640)
    return relpath


def attachment_path(attachment) -> Path:
    if attachment.log_picture_id:
        return pictures.picture_path(attachment.log_picture.relpath)
    return folder() / attachment.relpath
