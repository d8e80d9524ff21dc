"""Roster views by week and per person, and the month's roster as an Excel workbook."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.duty import roster_export, services
from watchroom.duty.models import Assignment, Roster

VIEW = "duty.view_roster"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WEEK = dt.timedelta(days=7)


def _date(year: int, month: int, day: int) -> dt.date:
    """The day, far enough from the calendar's ends for a week either side."""
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise Http404
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Http404 from None


def _person(request) -> int | None:
    value = request.GET.get("person", "")
    return int(value) if value.isascii() and value.isdigit() else None


def _duties(room, monday: dt.date) -> list[Assignment]:
    begin = dt.datetime.combine(monday, dt.time(), services.local_zone())
    return list(Assignment.objects.filter(
        roster__room=room, start__gte=begin, start__lt=begin + WEEK,
    ).select_related("person__staff").order_by("start", "person_id"))


def _grid(starts, days: list[dt.date], duties: list[Assignment]) -> tuple[list[dict], list]:
    """Rows of the profile's shift starts, a cell per day; and the duties starting at
    no shift of the pattern."""
    zone = services.local_zone()
    by_start: dict[dt.datetime, list[Assignment]] = {}
    for duty in duties:
        by_start.setdefault(duty.start, []).append(duty)
    rows = []
    for begin in starts:
        cells = []
        for day in days:
            at = dt.datetime.combine(day, begin, zone)
            cells.append({"start": at, "duties": by_start.pop(at, [])})
        rows.append({"start": begin, "cells": cells})
    extra = sorted((d for group in by_start.values() for d in group), key=lambda d: d.start)
    return rows, extra


def _people(room, duties: list[Assignment]) -> list:
    """Whom the filter offers: the room's operators, and anyone else on duty this week."""
    ids = [user.pk for user in services.operators_of(room)]
    ids += sorted({d.person_id for d in duties} - set(ids))
    users = get_user_model().objects.select_related("staff").in_bulk(ids)
    return [users[pk] for pk in ids]


def _months(room, days: list[dt.date]) -> list[dict]:
    firsts = sorted({day.replace(day=1) for day in days})
    rosters = {r.month: r for r in Roster.objects.filter(room=room, month__in=firsts)}
    return [{"month": first, "roster": rosters.get(first)} for first in firsts]


@allowed(VIEW)
def roster_week(request, room, year, month, day):
    room = get_object_or_404(MonitoringRoom.objects.select_related("site__policy"), pk=room)
    shown = _date(year, month, day)
    monday = shown - dt.timedelta(days=shown.weekday())
    days = [monday + dt.timedelta(days=n) for n in range(7)]
    rules = services.rules_for(room)
    person = _person(request)
    duties = _duties(room, monday)
    rows, extra = _grid(rules.starts, days,
                        [d for d in duties if person in (None, d.person_id)])
    iso = monday.isocalendar()
    return render(request, "duty/week.html", {
        "room": room, "days": days, "rows": rows, "extra": extra, "hours": rules.hours,
        "months": _months(room, days), "person": person, "people": _people(room, duties),
        "previous": monday - WEEK, "following": monday + WEEK,
        "today": timezone.localdate(),
        "page_title": _("Roster of %(room)s, week %(week)s of %(year)s") % {
            "room": room, "week": iso.week, "year": iso.year}})


@allowed(VIEW)
def roster_xlsx(request, room, year, month):
    first = _date(year, month, 1)
    roster = get_object_or_404(Roster.objects.select_related("room__site__policy"),
                               room_id=room, month=first)
    return FileResponse(roster_export.workbook(roster), as_attachment=True,
                        filename=f"roster-{roster.room.code}-{first:%Y-%m}.xlsx",
                        content_type=XLSX)


patterns: list = [
    path("rosters/<int:room>/week/<int:year>/<int:month>/<int:day>/", roster_week,
         name="week"),
    path("rosters/<int:room>/<int:year>/<int:month>/roster.xlsx", roster_xlsx,
         name="roster_xlsx"),
]
