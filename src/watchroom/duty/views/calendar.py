"""Each person's duties as an iCalendar feed, and the feed's links (R-SEC-5)."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.duty import services
from watchroom.duty.choices import RosterStatus
from watchroom.duty.models import Assignment
from watchroom.duty.selectors import calendar


@allowed()
def my_calendar(request, new_key: str = ""):
    """The user's calendar links (R-SEC-5); a new link's address is shown once."""
    url = (request.build_absolute_uri(reverse("duty:calendar_feed", args=[new_key]))
           if new_key else "")
    return render(request, "duty/calendar.html", {
        "url": url, "links": calendar.links_of(request.user), "now": timezone.now(),
        "page_title": _("My duties in a calendar")})


@allowed()
@require_POST
def calendar_new(request):
    _link, key = services.calendar_link_create(actor=request.user)
    return my_calendar(request, new_key=key)


@allowed()
@require_POST
def calendar_revoke(request, pk):
    link = get_object_or_404(calendar.links_of(request.user), pk=pk)
    services.calendar_link_revoke(actor=request.user, link=link)
    messages.success(request, _("The calendar link no longer works."))
    return redirect("duty:calendar")


def calendar_feed(request, token):
    """RFC 5545 feed of one person's published duties; the link's key opens it
    (R-SEC-5: unknown → 404, expired or revoked → 410)."""
    link = calendar.find(token)
    if link is None:
        raise Http404
    if not link.is_active():
        return HttpResponse(_("This calendar link has expired or was revoked."), status=410,
                            content_type="text/plain; charset=utf-8")
    services.calendar_link_mark_used(link)
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
