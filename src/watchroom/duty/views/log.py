"""The duty log's pages (R-DUTY-4): the log of a room with its search, a new entry,
changing one's own entry and correcting any."""

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.core.refusals import flash_refusal
from watchroom.core.times import local
from watchroom.duty import pictures, services
from watchroom.duty.choices import LogCategory
from watchroom.duty.forms import CorrectionForm, LogEntryForm
from watchroom.duty.models import LogEntry, LogPicture
from watchroom.duty.selectors import log
from watchroom.duty.views.rooms import to_first_room
from watchroom.recording.access import camera_scope_refusal
from watchroom.rules import RuleViolation

LOG_PAGE = 100


SEARCH_DAYS = 90  # a text search reads this far back unless asked for every year


@allowed("duty.view_logentry")
def log_page(request, room):
    room = get_object_or_404(MonitoringRoom, pk=room)
    form = LogEntryForm(request.POST or None, room=room)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            services.log_entry_write(actor=request.user, room=room, seen=data["seen"],
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
               "at": local(entry.at).replace(second=0, microsecond=0)}
    form = LogEntryForm(request.POST or None, room=entry.room, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_entry_change(actor=request.user, entry=entry, seen=data["seen"],
                             category=data["category"], camera=data["camera"],
                             done=data["done"], told=data["told"],
                             # the form shows minutes: an untouched time keeps its seconds
                             at=data["at"] if "at" in form.changed_data and data["at"]
                             else entry.at)
        except RuleViolation as exc:
            flash_refusal(request, exc)
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
            services.log_entry_correct(actor=request.user, entry=entry, seen=data["seen"],
                              done=data["done"], told=data["told"], category=data["category"])
        except RuleViolation as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("The correction is logged."))
            return redirect("duty:log", entry.room_id)
    return _log_entry_page(request, entry, form, "correct", _("Correct a log entry"))


@allowed("duty.view_logentry")
def log_picture(request, pk):
    """The picture a report attached (R-INC-1), to those who read the log and may see
    the camera (R-FOOT-6); shown in the page, never offered as a download (R-FOOT-5)."""
    picture = get_object_or_404(LogPicture.objects.select_related("entry__camera__area"),
                                entry_id=pk)
    camera = picture.entry.camera
    if camera is not None and camera_scope_refusal(request.user, camera) is not None:
        raise camera_scope_refusal(request.user, camera)
    try:
        handle = open(pictures.picture_path(picture.relpath), "rb")
    except FileNotFoundError:
        raise Http404(_("The picture's file is missing.")) from None
    response = FileResponse(handle, content_type=picture.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = picture.sha256
    return response


log_index = allowed("duty.view_logentry")(to_first_room("duty:log"))
