"""The whole equipment archive as an Excel workbook (R-EQUIP-1): one sheet per kind of
equipment, every field people read, headers in the reader's language."""

import io

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from watchroom.devices import selectors
from watchroom.devices.views.common import value


def _archive(item) -> list:
    return [item.get_status_display(), item.location, item.supplier, item.model_name,
            item.serial_no, item.install_date, item.manual_url, item.notes]


def _archive_headers() -> list[str]:
    return [_("status"), _("location"), _("supplier"), _("model"), _("serial number"),
            _("install date"), _("operating manual"), _("notes")]


def _camera(c) -> list:
    return [c.code, c.name, c.area.site.name, c.area.name, c.area.department.name,
            c.recorder.code if c.recorder else "", c.stream_url, c.substream_url,
            c.onvif_address, c.resolution, value(c.enabled)]


def _recorder(r) -> list:
    return [r.code, r.name, r.site.name, r.get_kind_display(), r.address, r.channels]


def _storage(s) -> list:
    return [s.code, s.name, s.site.name, s.get_kind_display(), float(s.capacity_tb),
            s.recorder.code if s.recorder else ""]


def _display(d) -> list:
    return [d.code, d.name, d.room.site.name, d.room.name, d.size_inches]


def _network(n) -> list:
    return [n.code, n.name, n.site.name, n.get_kind_display(), n.address, n.ports]


def _power(p) -> list:
    return [p.code, p.name, p.site.name, p.get_kind_display(), p.capacity_va,
            p.battery_installed]


def _sheets():
    """(sheet title, headers, the kind's own cells, its items) for each kind."""
    yield (_("Cameras"),
           [_("code"), _("name"), _("site"), _("area"), _("responsible department"),
            _("recorder"), _("stream URL"), _("sub-stream URL"), _("ONVIF address"),
            _("resolution"), _("enabled")], _camera, selectors.camera_list())
    yield (_("Recorders"),
           [_("code"), _("name"), _("site"), _("kind"), _("network address"), _("channels")],
           _recorder, selectors.recorder_list())
    yield (_("Storage"),
           [_("code"), _("name"), _("site"), _("kind"), _("capacity (TB)"), _("recorder")],
           _storage, selectors.storage_list())
    yield (_("Displays"),
           [_("code"), _("name"), _("site"), _("monitoring room"), _("size (inches)")],
           _display, selectors.display_list())
    yield (_("Network devices"),
           [_("code"), _("name"), _("site"), _("kind"), _("network address"), _("ports")],
           _network, selectors.network_device_list())
    yield (_("Power supplies"),
           [_("code"), _("name"), _("site"), _("kind"), _("capacity (VA)"),
            _("battery install date")], _power, selectors.power_supply_list())


def workbook() -> io.BytesIO:
    from openpyxl import Workbook  # heavy: loaded only when the export is asked for
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, headers, cells, items in _sheets():
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([capfirst(str(h)) for h in [*headers, *_archive_headers()]])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = 16
        for item in items:
            sheet.append([_cell(v) for v in [*cells(item), *_archive(item)]])
            for cell in sheet[sheet.max_row]:
                if hasattr(cell.value, "year"):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _cell(value):
    """What people typed stays text: a cell a spreadsheet would run as a formula is
    written with the quote that keeps it words."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
