"""The incidents' list as a query: search, filters (status, grade, category, area,
month), the columns the page and the Excel workbook share."""

import io

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, ExtractMonth, ExtractYear, LPad
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from watchroom.core.listing import Column, Filter
from watchroom.core.models import Area
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.incidents.choices import IncidentCategory, IncidentGrade, IncidentStatus
from watchroom.incidents.models import Incident

SEARCH = ["title", "seen", "told", "disposal", "area__name"]


def queryset():
    month = Concat(Cast(ExtractYear("occurred_at"), CharField()), Value("-"),
                   LPad(Cast(ExtractMonth("occurred_at"), CharField()), 2, Value("0")),
                   output_field=CharField())
    return (Incident.objects.select_related("area", "room", "reported_by__staff")
            .annotate(month=month).order_by("-occurred_at", "-pk"))


def months(count: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate()
    year, month, out = today.year, today.month, []
    for _n in range(count):
        out.append((f"{year}-{month:02d}", f"{year}-{month:02d}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def filters() -> list[Filter]:
    return [
        Filter("status", gettext_lazy("All statuses"), IncidentStatus.choices, "status"),
        Filter("grade", gettext_lazy("All grades"), IncidentGrade.choices, "grade"),
        Filter("category", gettext_lazy("All categories"), IncidentCategory.choices,
               "category"),
        Filter("area", gettext_lazy("All areas"),
               [(a.pk, a.name) for a in Area.objects.filter(active=True).order_by("code")],
               "area_id"),
        Filter("month", gettext_lazy("All months"), months(), "month"),
    ]


def columns() -> list[Column]:
    return [
        Column(gettext_lazy("no."), lambda i: f"#{i.pk}"),
        Column(gettext_lazy("occurred"), lambda i: local_text(i.occurred_at)),
        Column(gettext_lazy("title"), lambda i: i.title),
        Column(gettext_lazy("category"), lambda i: i.get_category_display()),
        Column(gettext_lazy("grade"), lambda i: i.get_grade_display()),
        Column(gettext_lazy("area"), lambda i: i.area.name if i.area_id else "—"),
        Column(gettext_lazy("status"), lambda i: i.get_status_display()),
        Column(gettext_lazy("reported by"), lambda i: person_name(i.reported_by)),
    ]


def filtered(params) -> "tuple[object, list[Filter]]":
    """The list as the page's query string filters it (for the workbook)."""
    from watchroom.core.listing import search

    rows = search(queryset(), params.get("q", ""), SEARCH)
    chosen = filters()
    for f in chosen:
        value = params.get(f.name, "")
        if value in {v for v, _label in f.choices}:
            rows = rows.filter(**{f.lookup: value})
    return rows, chosen


def workbook(params) -> io.BytesIO:
    from openpyxl import Workbook  # lazy: a heavy module only the download needs

    rows, _chosen = filtered(params)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Incidents")[:31]
    cols = columns()
    sheet.append([str(c.label) for c in cols] + [_("what was seen"), _("what was done"),
                                                  _("result")])
    for incident in rows:
        sheet.append([str(c.value(incident)) for c in cols]
                     + [incident.seen, incident.disposal, incident.result])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out
