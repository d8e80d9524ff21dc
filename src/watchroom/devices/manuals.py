"""Equipment manuals (R-EQUIP-1): what an upload really is, read from its bytes
(whatever its name says), within the size allowed, and where its file is kept."""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from watchroom.devices.models import EQUIPMENT_MODELS, EquipmentManual

MAX_BYTES = 20 * 1024 * 1024
PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE = "application/x-ole-storage"  # .doc, .xls, .ppt of older office programs
# The names each real type may carry: a file named otherwise is refused as disguised.
SUFFIXES = {
    PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, DOCX: {".docx"},
    XLSX: {".xlsx"}, PPTX: {".pptx"}, OLE: {".doc", ".xls", ".ppt"},
}
_OOXML_PARTS = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


class NotAManual(ValueError):
    """The upload cannot be kept as a manual; its message says why, translated."""


def manuals_dir() -> Path:
    return Path(settings.WATCHROOM["MANUALS_DIR"])


def file_of(manual: EquipmentManual) -> Path:
    return manuals_dir() / manual.path


def _ooxml(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def sniff(content: bytes) -> str | None:
    """The file's real type from its first bytes, or None for anything else."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if content.startswith(b"PK\x03\x04"):
        return _ooxml(content)
    return None


def inspect(name: str, content: bytes) -> str:
    """The upload's real content type, or NotAManual: too large, empty, not a PDF,
    picture or office document, or named as another type than it is."""
    if len(content) > MAX_BYTES:
        raise NotAManual(_("The file is %(size)s MB; at most %(limit)s MB is accepted.") % {
            "size": f"{len(content) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024})
    if not content:
        raise NotAManual(_("The file is empty."))
    kind = sniff(content)
    if kind is None:
        raise NotAManual(_("The file is not a PDF, a picture (PNG, JPEG) or an office "
                           "document."))
    suffix = Path(name or "").suffix.lower()
    if suffix not in SUFFIXES[kind]:
        raise NotAManual(_("The file is named “%(name)s” but its content is of another "
                           "type; upload it under its real name.") % {"name": Path(name).name})
    return kind


def equipment_of(label: str, pk: int):
    """The archive's item `label`/`pk`, or None."""
    model = EQUIPMENT_MODELS.get(label)
    if model is None:
        return None
    return model.objects.filter(pk=pk).first()


def manuals_of(equipment) -> list[EquipmentManual]:
    return list(EquipmentManual.objects.filter(
        equipment_label=equipment._meta.model_name, equipment_id=equipment.pk)
        .select_related("uploaded_by"))


def view_perm(label: str) -> str:
    return f"devices.view_{label}"


def upload_perm(label: str) -> str:
    return f"devices.change_{label}"
