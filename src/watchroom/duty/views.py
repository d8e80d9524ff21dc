"""Duty pages: a room's roster month (days × shifts, who is on), generating, hand edits
and publishing; each person's duties as an iCalendar feed; the duty log."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.duty import calendar_links, log, services
from watchroom.duty.forms import CorrectionForm, DutyForm, LogEntryForm
from watchroom.duty.models import Assignment, LogCategory, LogEntry, Roster, RosterStatus
from watchroom.rules import RuleViolation

LOG_PAGE = 100
SEARCH_DAYS = 90  # a text search reads this far back unless asked for every year


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
    rules = services.rules_for(room)
    _start, end = services.month_bounds(first)
    days = []
    duties = (list(roster.assignments.select_related("person__staff").order_by("start"))
              if roster else [])
    by_start: dict[dt.datetime, list[Assignment]] = {}
    for duty in duties:
        by_start.setdefault(timezone.localtime(duty.start), []).append(duty)
    day = first
    while day < end.date():
        cells = []
        for begin in rules.starts:
            at = dt.datetime.combine(day, begin, services.local_zone())
            cells.append({"start": at, "duties": by_start.pop(at, [])})
        days.append({"date": day, "cells": cells})
        day += dt.timedelta(days=1)
    extra = sorted((d for group in by_start.values() for d in group), key=lambda d: d.start)
    can_edit = (request.user.has_perm(services.EDIT)
                and (roster is None or services.is_editable(roster)))
    now = timezone.now()
    removable = {d.pk for d in duties if can_edit and services.may_remove(roster, d, now)}
    may_publish = request.user.has_perm(services.PUBLISH)
    return render(request, "duty/month.html", {
        "room": room, "month": first, "roster": roster, "days": days, "extra": extra,
        "starts": rules.starts, "hours": rules.hours,
        "problems": services.problems_to_publish(roster, now) if roster else [],
        "can_edit": can_edit, "form": DutyForm(room=room) if can_edit and roster else None,
        "removable": removable,
        "can_generate": can_edit and (roster is None or not roster.is_reopened
                                      or services.month_bounds(first)[0] > now),
        "can_publish": roster is not None and services.is_editable(roster) and may_publish,
        "can_reopen": roster is not None and roster.status == RosterStatus.PUBLISHED
        and not roster.is_reopened and may_publish,
        "previous": (first - dt.timedelta(days=1)).replace(day=1),
        "following": (first + dt.timedelta(days=32)).replace(day=1),
        "page_title": _("Roster of %(room)s, %(month)s") % {"room": room,
                                                           "month": f"{first:%Y-%m}"}})


def _back(room, first):
    return redirect("duty:month", room.pk, first.year, first.month)


@require_POST
@login_required
def roster_generate(request, room, year, month):
    room = get_object_or_404(MonitoringRoom, pk=room)
    first = _month(year, month)
    try:
        services.generate_roster(actor=request.user, room=room, month=first)
    except RuleViolation as exc:
        messages.error(request, f"{exc.rule_id}: {exc.message}")
    else:
        messages.success(request, _("A rotation is drafted; check it and publish it."))
    return _back(room, first)


@require_POST
@login_required
def roster_publish(request, room, year, month):
    room = get_object_or_404(MonitoringRoom, pk=room)
    first = _month(year, month)
    roster = get_object_or_404(Roster, room=room, month=first)
    try:
        services.publish_roster(actor=request.user, roster=roster)
    except RuleViolation as exc:
        messages.error(request, f"{exc.rule_id}: {exc.message}")
    else:
        messages.success(request, _("The roster is published."))
    return _back(room, first)


@require_POST
@login_required
def roster_reopen(request, room, year, month):
    room = get_object_or_404(MonitoringRoom, pk=room)
    first = _month(year, month)
    roster = get_object_or_404(Roster, room=room, month=first)
    try:
        services.reopen_roster(actor=request.user, roster=roster,
                               reason=request.POST.get("reason", ""))
    except RuleViolation as exc:
        messages.error(request, f"{exc.rule_id}: {exc.message}")
    else:
        messages.success(request, _("The roster is reopened: its duties stay in force; change "
                                    "those that have not started, then republish it."))
    return _back(room, first)


@require_POST
@login_required
def duty_add(request, room, year, month):
    room = get_object_or_404(MonitoringRoom.objects.select_related("site__policy"), pk=room)
    first = _month(year, month)
    roster = get_object_or_404(Roster, room=room, month=first)
    form = DutyForm(request.POST, room=room)
    if not form.is_valid():
        messages.error(request, _("Choose the person, the start and the end."))
        return _back(room, first)
    try:
        services.add_duty(actor=request.user, roster=roster, **form.cleaned_data)
    except RuleViolation as exc:
        messages.error(request, f"{exc.rule_id}: {exc.message}")
    return _back(room, first)


@allowed("duty.view_roster")
def duty_remove(request, pk):
    """Removing a duty asks first: this page names the duty, and only its form (posted
    with `confirm`) removes it."""
    duty = get_object_or_404(Assignment.objects.select_related("roster__room", "person__staff"),
                             pk=pk)
    roster = duty.roster
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.remove_duty(actor=request.user, duty=duty)
        except RuleViolation as exc:
            messages.error(request, f"{exc.rule_id}: {exc.message}")
        else:
            messages.success(request, _("The duty is removed."))
        return _back(roster.room, roster.month)
    return render(request, "duty/duty_remove.html", {
        "duty": duty, "roster": roster,
        "allowed": request.user.has_perm(services.EDIT) and services.may_remove(roster, duty),
        "page_title": _("Remove a duty")})


@login_required
def my_calendar(request, new_key: str = ""):
    """The user's calendar links (R-SEC-5); a new link's address is shown once."""
    url = (request.build_absolute_uri(reverse("duty:calendar_feed", args=[new_key]))
           if new_key else "")
    return render(request, "duty/calendar.html", {
        "url": url, "links": calendar_links.links_of(request.user), "now": timezone.now(),
        "page_title": _("My duties in a calendar")})


@login_required
@require_POST
def calendar_new(request):
    _link, key = calendar_links.create_link(actor=request.user)
    return my_calendar(request, new_key=key)


@login_required
@require_POST
def calendar_revoke(request, pk):
    link = get_object_or_404(calendar_links.links_of(request.user), pk=pk)
    calendar_links.revoke_link(actor=request.user, link=link)
    messages.success(request, _("The calendar link no longer works."))
    return redirect("duty:calendar")


def calendar_feed(request, token):
    """RFC 5545 feed of one person's published duties; the link's key opens it
    (R-SEC-5: unknown → 404, expired or revoked → 410)."""
    link = calendar_links.find(token)
    if link is None:
        raise Http404
    if not link.is_active():
        return HttpResponse(_("This calendar link has expired or was revoked."), status=410,
                            content_type="text/plain; charset=utf-8")
    calendar_links.mark_used(link)
    user_id = link.user_id
    duties = Assignment.objects.filter(person_id=user_id, roster__status=RosterStatus.PUBLISHED,
                                       end__gte=timezone.now() - dt.timedelta(days=62)
                                       ).select_related("roster__room").order_by("start")
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Watchroom//Duty//ZH",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:" + _ical_text(_("Duty"))]
    for duty in duties:
        lines += [
            "BEGIN:VEVENT", f"UID:duty-{duty.pk}@watchroom", f"DTSTAMP:{stamp}",
            "DTSTART:" + duty.start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
            "DTEND:" + duty.end.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
            "SUMMARY:" + _ical_text(_("On duty: %(room)s") % {"room": duty.roster.room}),
            "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")


def _ical_text(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


@allowed("duty.view_logentry")
def log_page(request, room):
    room = get_object_or_404(MonitoringRoom, pk=room)
    form = LogEntryForm(request.POST or None, room=room)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            log.write_entry(actor=request.user, room=room, seen=data["seen"],
                            category=data["category"], camera=data["camera"],
                            done=data["done"], told=data["told"], at=data["at"])
            messages.success(request, _("Logged."))
            return redirect("duty:log", room.pk)
    query = request.GET.get("q", "").strip()[:200]
    category = request.GET.get("category", "")
    before = request.GET.get("before", "")
    before = (LogEntry.objects.filter(room=room, pk=before).first()
              if before.isdigit() else None)
    everything = request.GET.get("period") == "all"
    since = (timezone.now() - dt.timedelta(days=SEARCH_DAYS)
             if query and not everything else None)
    entries = list(log.search(room=room, query=query, before=before, since=since,
                              category=category if category in LogCategory.values else "")
                   [:LOG_PAGE + 1])
    return render(request, "duty/log.html", {
        "room": room, "form": form, "entries": entries[:LOG_PAGE],
        "older": entries[LOG_PAGE - 1] if len(entries) > LOG_PAGE else None, "q": query,
        "limited": since is not None, "search_days": SEARCH_DAYS, "everything": everything,
        "category": category, "categories": LogCategory.choices,
        "can_write": request.user.has_perm(log.WRITE),
        "page_title": _("Duty log: %(room)s") % {"room": room}})


def _log_entry_page(request, entry, form, mode: str, title: str):
    return render(request, "duty/log_entry.html", {
        "entry": entry, "entries": list(log.search(room=entry.room).filter(pk=entry.pk)),
        "form": form, "mode": mode, "room": entry.room, "page_title": title})


@allowed("duty.view_logentry")
def log_edit(request, pk):
    """Its author changes an entry until the handover (R-DUTY-4); every change is
    audited with the entry before and after."""
    entry = get_object_or_404(LogEntry.objects.select_related("room", "camera"), pk=pk)
    if not log.may_change(request.user, entry):
        messages.error(request, "R-DUTY-4: " + _("Only its author changes an entry, and only "
                                                 "until the handover; write a correction "
                                                 "instead."))
        return redirect("duty:log", entry.room_id)
    initial = {"category": entry.category, "camera": entry.camera, "seen": entry.seen,
               "done": entry.done, "told": entry.told,
               "at": timezone.localtime(entry.at).replace(second=0, microsecond=0)}
    form = LogEntryForm(request.POST or None, room=entry.room, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log.change_entry(actor=request.user, entry=entry, seen=data["seen"],
                             category=data["category"], camera=data["camera"],
                             done=data["done"], told=data["told"],
                             # the form shows minutes: an untouched time keeps its seconds
                             at=data["at"] if "at" in form.changed_data and data["at"]
                             else entry.at)
        except RuleViolation as exc:
            messages.error(request, f"{exc.rule_id}: {exc.message}")
        else:
            messages.success(request, _("The entry is changed; the audit trail keeps what it "
                                        "said before."))
            return redirect("duty:log", entry.room_id)
    return _log_entry_page(request, entry, form, "edit", _("Change a log entry"))


@allowed("duty.view_logentry")
def log_correct(request, pk):
    """A correction (更正): a new entry pointing at the old one, which stays as it was."""
    entry = get_object_or_404(LogEntry.objects.select_related("room", "camera"), pk=pk)
    if not log.may_correct(request.user, entry):
        messages.error(request, "R-DUTY-4: " + (
            _("This entry is yours and not yet handed over: change it instead of "
              "correcting it.") if request.user.has_perm(log.WRITE)
            else _("You may not write in the duty log.")))
        return redirect("duty:log", entry.room_id)
    form = CorrectionForm(request.POST or None, initial={
        "category": entry.category, "seen": entry.seen, "done": entry.done,
        "told": entry.told})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log.correct_entry(actor=request.user, entry=entry, seen=data["seen"],
                              done=data["done"], told=data["told"], category=data["category"])
        except RuleViolation as exc:
            messages.error(request, f"{exc.rule_id}: {exc.message}")
        else:
            messages.success(request, _("The correction is logged."))
            return redirect("duty:log", entry.room_id)
    return _log_entry_page(request, entry, form, "correct", _("Correct a log entry"))


def to_first_room(name: str):
    """A view that opens page `name` of the user's own room (the first if several),
    else of the first room."""
    @login_required
    def view(request):
        staff = getattr(request.user, "staff", None)
        room = (staff.rooms.order_by("code").first() if staff else None) or \
            MonitoringRoom.objects.order_by("code").first()
        if room is None:
            raise Http404(_("There is no monitoring room yet."))
        return redirect(name, room.pk)
    return view


log_index = allowed("duty.view_logentry")(to_first_room("duty:log"))
