"""A room's month roster (R-DUTY-1) as an Excel workbook: one row per shift with who is
on duty, and each person's number of duties and hours."""

import datetime as dt
import io

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from watchroom.core.people import person_name
from watchroom.core.times import local, local_text
from watchroom.duty.selectors import roster as rosters

HOUR = dt.timedelta(hours=1)


def workbook(roster) -> io.BytesIO:
    from openpyxl import Workbook  # lazy: a heavy module only the download needs

    duties = list(roster.assignments.select_related("person__staff").order_by("start",
                                                                              "person_id"))
    book = Workbook()
    _shifts_sheet(book.active, roster, duties)
    _people_sheet(book.create_sheet(), roster, duties)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def shift_rows(roster, duties) -> tuple[list[tuple[dt.datetime, dt.datetime, list]], list]:
    """Each shift of the month in the profile's order with its duties, and the duties
    that start at no shift of the pattern."""
    rules = rosters.rules_for(roster.room)
    zone = rosters.local_zone()
    start, end = rosters.month_bounds(roster.month)
    by_start: dict[dt.datetime, list] = {}
    for duty in duties:
        by_start.setdefault(duty.start, []).append(duty)
    rows = []
    day = start.date()
    while day < end.date():
        for begin in rules.starts:
            at = dt.datetime.combine(day, begin, zone)
            rows.append((at, at + rules.hours * HOUR, by_start.pop(at, [])))
        day += dt.timedelta(days=1)
    return rows, sorted((d for group in by_start.values() for d in group),
                        key=lambda d: (d.start, d.person_id))


def per_person(duties) -> list[tuple[str, int, float]]:
    """(name, number of duties, hours) of everyone on the roster, by name."""
    totals: dict[int, list] = {}
    for duty in duties:
        total = totals.setdefault(duty.person_id, [person_name(duty.person), 0, dt.timedelta()])
        total[1] += 1
        total[2] += duty.end - duty.start
    return sorted(((name, count, round(time / HOUR, 2)) for name, count, time in
                   totals.values()), key=lambda row: row[0])


def _title(roster) -> str:
    return _("Roster of %(room)s, %(month)s") % {"room": roster.room,
                                                "month": f"{roster.month:%Y-%m}"}


def _status(roster) -> str:
    if roster.published_at is None:
        return str(roster.get_status_display())
    return (f"{roster.get_status_display()}: {person_name(roster.published_by)} "
            f"{local_text(roster.published_at)}")


def _row(start: dt.datetime, end: dt.datetime, duties) -> list:
    day = local(start).date()
    hours = f"{local_text(start, '%H:%M')}–{local_text(end, '%H:%M')}"
    return [day, str(WEEKDAYS[day.weekday()]), hours,
            _text(", ".join(person_name(d.person) for d in duties))]


def _shifts_sheet(sheet, roster, duties) -> None:
    sheet.title = f"{roster.month:%Y-%m}"
    _head(sheet, [_title(roster), "", "", _status(roster)],
          [_("date"), _("weekday"), _("shift"), _("on duty")])
    rows, extra = shift_rows(roster, duties)
    for start, end, on_duty in rows:
        sheet.append(_row(start, end, on_duty))
    if extra:
        sheet.append([])
        sheet.append([_("Other duties")])
        _bold(sheet[sheet.max_row])
        for duty in extra:
            sheet.append(_row(duty.start, duty.end, [duty]))
    for (cell,) in sheet.iter_rows(min_row=3, max_col=1):
        cell.number_format = "yyyy-mm-dd"
    _fit(sheet)


def _people_sheet(sheet, roster, duties) -> None:
    sheet.title = _("per person")[:31]
    _head(sheet, [_title(roster)], [_("person"), _("duties"), _("hours")])
    for name, count, hours in per_person(duties):
        sheet.append([_text(name), count, hours])
    _fit(sheet)


def _head(sheet, title: list, header: list) -> None:
    from openpyxl.styles import Font

    sheet.append(title)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header)
    _bold(sheet[2])
    sheet.freeze_panes = "A3"


def _bold(cells) -> None:
    from openpyxl.styles import Font

    for cell in cells:
        cell.font = Font(bold=True)


def _fit(sheet) -> None:
    """Columns as wide as their longest value below the title (CJK counts double)."""
    for column in sheet.iter_cols(min_row=2):
        width = max((_width(c.value) for c in column), default=0)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 80)


def _width(value) -> int:
    if isinstance(value, dt.date):
        return 10
    return sum(2 if ord(char) >= 0x2E80 else 1 for char in str(value or ""))


def _text(value: str) -> str:
    """A cell that a spreadsheet would run as a formula is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
