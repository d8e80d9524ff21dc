"""The camera list template (R-EQUIP-1): a workbook the import reads as it is, with the
header row in the reader's language and one example row to overwrite."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from watchroom.core.models import Area
from watchroom.devices.importing import HEADERS, REQUIRED


def _example(area_code: str) -> dict[str, str]:
    return {
        "code": "CAM-001", "name": _("Outpatient hall, east entrance"), "area": area_code,
        "recorder": "", "stream_url": "rtsp://10.0.0.64/Streaming/Channels/101",
        "substream_url": "rtsp://10.0.0.64/Streaming/Channels/102",
        "onvif_address": "http://10.0.0.64/onvif/device_service", "username": "",
        "password": "", "resolution": "1920x1080", "location": _("Outpatient hall, 1st floor"),
        "supplier": "", "model_name": "", "serial_no": "", "install_date": "2024-03-05",
        "notes": _("Example row: replace it with your cameras."),
    }


def headers() -> list[str]:
    """The Chinese headers for a Chinese reader, the English ones otherwise; the import
    accepts both."""
    chinese = (translation.get_language() or "").startswith("zh")
    return [aliases[0] if chinese else field for field, aliases in HEADERS.items()]


def workbook() -> io.BytesIO:
    from openpyxl import Workbook  # heavy: loaded only when the template is asked for
    from openpyxl.styles import Font

    area = Area.objects.order_by("code").first()
    example = _example(area.code if area else "A1")
    book = Workbook()
    sheet = book.active
    sheet.title = _("Cameras")[:31]
    sheet.append(headers())
    for field, cell in zip(HEADERS, sheet[1], strict=True):
        cell.font = Font(bold=field in REQUIRED)
        sheet.column_dimensions[cell.column_letter].width = 18
    sheet.append([example[field] for field in HEADERS])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
