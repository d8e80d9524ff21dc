"""Duty pages: a room's roster month (days × shifts, who is on), generating, hand edits
and publishing; each person's duties as an iCalendar feed; the duty log."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.core.refusals import flash_refusal
from watchroom.core.times import local
from watchroom.duty import roster_export, services
from watchroom.duty.choices import RosterStatus
from watchroom.duty.forms import DutyForm, RemoveForm, ReopenForm
from watchroom.duty.models import Assignment, Roster
from watchroom.duty.selectors import roster as rosters
from watchroom.rules import RuleViolation


def _month(year: int, month: int) -> dt.date:
    try:
        return dt.date(year, month, 1)
    except ValueError:
        raise Http404 from None


@allowed("duty.view_roster")
def roster_index(request):
    rooms = MonitoringRoom.objects.filter(active=True).order_by("code")
    today = timezone.localdate()
    return render(request, "duty/index.html", {
        "rooms": rooms, "rosters": Roster.objects.select_related("room")[:60],
        "this_month": today.replace(day=1),
        "next_month": (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1),
        "page_title": _("Rosters")})


@allowed("duty.view_roster")
def roster_month(request, room, year, month):
    room = get_object_or_404(MonitoringRoom.objects.select_related("site__policy"), pk=room)
    first = _month(year, month)
    roster = Roster.objects.filter(room=room, month=first).first()
    rules = rosters.rules_for(room)
    _start, end = rosters.month_bounds(first)
    days = []
    duties = (list(roster.assignments.select_related("person__staff").order_by("start"))
              if roster else [])
    by_start: dict[dt.datetime, list[Assignment]] = {}
    for duty in duties:
        by_start.setdefault(local(duty.start), []).append(duty)
    day = first
    while day < end.date():
        cells = []
        for begin in rules.starts:
            at = dt.datetime.combine(day, begin, rosters.local_zone())
            cells.append({"start": at, "duties": by_start.pop(at, [])})
        days.append({"date": day, "cells": cells})
        day += dt.timedelta(days=1)
    extra = sorted((d for group in by_start.values() for d in group), key=lambda d: d.start)
    can_edit = (request.user.has_perm(rosters.EDIT)
                and (roster is None or rosters.is_editable(roster)))
    now = timezone.now()
    removable = {d.pk for d in duties if can_edit
                 and rosters.duty_remove_refusal(request.user, roster, d, now) is None}
    may_publish = request.user.has_perm(rosters.PUBLISH)
    return render(request, "duty/month.html", {
        "room": room, "month": first, "roster": roster, "days": days, "extra": extra,
        "starts": rules.starts, "hours": rules.hours,
        "problems": rosters.problems_to_publish(roster, now) if roster else [],
        "can_edit": can_edit, "form": DutyForm(room=room) if can_edit and roster else None,
        "removable": removable,
        "can_generate": can_edit and (roster is None or not roster.is_reopened
                                      or rosters.month_bounds(first)[0] > now),
        "can_publish": roster is not None and rosters.is_editable(roster) and may_publish,
        "can_reopen": roster is not None and roster.status == RosterStatus.PUBLISHED
        and not roster.is_reopened and may_publish,
        "previous": (first - dt.timedelta(days=1)).replace(day=1),
        "following": (first + dt.timedelta(days=32)).replace(day=1),
        "page_title": _("Roster of %(room)s, %(month)s") % {"room": room,
                                                           "month": f"{first:%Y-%m}"}})


def _posted(form_class, request) -> dict:
    """A form whose fields are all optional (the service judges them), cleaned."""
    form = form_class(request.POST)
    form.full_clean()
    return form.cleaned_data


def _back(room, first):
    return redirect("duty:month", room.pk, first.year, first.month)


@require_POST
@allowed()
def roster_generate(request, room, year, month):
    room = get_object_or_404(MonitoringRoom, pk=room)
    first = _month(year, month)
    try:
        services.roster_generate(actor=request.user, room=room, month=first)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("A rotation is drafted; check it and publish it."))
    return _back(room, first)


@require_POST
@allowed()
def roster_publish(request, room, year, month):
    room = get_object_or_404(MonitoringRoom, pk=room)
    first = _month(year, month)
    roster = get_object_or_404(Roster, room=room, month=first)
    try:
        services.roster_publish(actor=request.user, roster=roster)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("The roster is published."))
    return _back(room, first)


@require_POST
@allowed()
def roster_reopen(request, room, year, month):
    room = get_object_or_404(MonitoringRoom, pk=room)
    first = _month(year, month)
    roster = get_object_or_404(Roster, room=room, month=first)
    try:
        services.roster_reopen(actor=request.user, roster=roster,
                               reason=_posted(ReopenForm, request)["reason"])
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("The roster is reopened: its duties stay in force; change "
                                    "those that have not started, then republish it."))
    return _back(room, first)


@require_POST
@allowed()
def duty_add(request, room, year, month):
    room = get_object_or_404(MonitoringRoom.objects.select_related("site__policy"), pk=room)
    first = _month(year, month)
    roster = get_object_or_404(Roster, room=room, month=first)
    form = DutyForm(request.POST, room=room)
    if not form.is_valid():
        messages.error(request, _("Choose the person, the start and the end."))
        return _back(room, first)
    try:
        services.duty_add(actor=request.user, roster=roster, **form.cleaned_data)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    return _back(room, first)


@allowed("duty.view_roster")
def duty_remove(request, pk):
    """Removing a duty asks first: this page names the duty, and only its form (posted
    with `confirm`) removes it."""
    duty = get_object_or_404(Assignment.objects.select_related("roster__room", "person__staff"),
                             pk=pk)
    roster = duty.roster
    if request.method == "POST" and _posted(RemoveForm, request)["confirm"]:
        try:
            services.duty_remove(actor=request.user, duty=duty)
        except RuleViolation as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("The duty is removed."))
        return _back(roster.room, roster.month)
    return render(request, "duty/duty_remove.html", {
        "duty": duty, "roster": roster,
        "allowed": rosters.duty_remove_refusal(request.user, roster, duty) is None,
        "page_title": _("Remove a duty")})

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


def _person_shown(request) -> int | None:
    value = request.GET.get("person", "")
    return int(value) if value.isascii() and value.isdigit() else None


def _duties(room, monday: dt.date) -> list[Assignment]:
    begin = dt.datetime.combine(monday, dt.time(), rosters.local_zone())
    return list(Assignment.objects.filter(
        roster__room=room, start__gte=begin, start__lt=begin + WEEK,
    ).select_related("person__staff").order_by("start", "person_id"))


def _grid(starts, days: list[dt.date], duties: list[Assignment]) -> tuple[list[dict], list]:
    """Rows of the profile's shift starts, a cell per day; and the duties starting at
    no shift of the pattern."""
    zone = rosters.local_zone()
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
    ids = [user.pk for user in rosters.operators_of(room)]
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
    rules = rosters.rules_for(room)
    person = _person_shown(request)
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
