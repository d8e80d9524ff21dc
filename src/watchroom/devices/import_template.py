"""The camera list template (R-EQUIP-1): a workbook the import reads as it is, with the
header row in the reader's language and one example row to overwrite."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from watchroom.core.models import Area
from watchroom.devices.importing import HEADERS, KINDS, REQUIRED


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


def _kind_example(label: str) -> dict[str, str]:
    from watchroom.core.models import Site

    site = Site.objects.order_by("code").first()
    common = {"code": "", "name": "", "site": site.code if site else "S1", "location": "",
              "supplier": "", "model_name": "", "serial_no": "", "install_date": "2024-03-05",
              "notes": _("Example row: replace it with your equipment.")}
    if label == "networkdevice":
        return {**common, "code": "SW-001", "name": _("Outpatient building PoE switch"),
                "kind": "poe_switch", "address": "10.0.0.2", "ports": "24"}
    return {**common, "code": "UPS-001", "name": _("Monitoring room UPS"), "kind": "ups",
            "capacity_va": "3000", "battery_installed": "2024-03-05"}


def kind_headers(label: str) -> list[str]:
    chinese = (translation.get_language() or "").startswith("zh")
    return [aliases[0] if chinese else field for field, aliases in KINDS[label].headers.items()]


def kind_workbook(label: str) -> io.BytesIO:
    """R-EQUIP-1: the template of a network device or power supply list, read by
    `importing.read_equipment` as it is."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    kind = KINDS[label]
    example = _kind_example(label)
    book = Workbook()
    sheet = book.active
    sheet.title = str(kind.model._meta.verbose_name_plural)[:31]
    sheet.append(kind_headers(label))
    for field, cell in zip(kind.headers, sheet[1], strict=True):
        cell.font = Font(bold=field in kind.required)
        sheet.column_dimensions[cell.column_letter].width = 18
    sheet.append([example.get(field, "") for field in kind.headers])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
