"""The maintenance record (维护保养记录, R-EQUIP-2) as an Excel workbook: one row per item
of equipment per work order."""

import io

from django.utils.translation import gettext as _

from watchroom.care.selectors import maintenance as sel

# the record's columns after the due date, in the order of headers()
COLUMNS = ["name", "equipment", "result", "values", "findings", "done_by", "done_at",
           "status"]


def title(site, start, end) -> str:
    return _("Maintenance record of %(site)s, %(start)s to %(end)s") % {
        "site": site, "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}


def headers() -> list[str]:
    return [_("due"), _("work"), _("equipment"), _("result"), _("measurements"),
            _("findings"), _("signed by"), _("signed at"), _("status")]


def workbook(*, site, start, end) -> io.BytesIO:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("maintenance record")[:31]
    sheet.append([title(site, start, end)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    for row in sel.record_rows(site=site, start=start, end=end):
        sheet.append([row["due"]] + [_text(str(row[key])) for key in COLUMNS])
    for (cell,) in sheet.iter_rows(min_row=3, max_col=1):
        cell.number_format = "yyyy-mm-dd"
    for column in sheet.iter_cols(min_row=2):
        width = max((_width(c.value) for c in column), default=0)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _width(value) -> int:
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in str(value or ""))


def _text(value: str) -> str:
    """A cell a spreadsheet would run as a formula is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
