"""Pages of the shift: the duty desk (clock on and off), the pre-shift check, leaving
the post, the room head's board, the inventory."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.people import person_name
from watchroom.core.refusals import flash_refusal
from watchroom.core.times import local_text
from watchroom.duty import services
from watchroom.duty.choices import AbsenceKind, HandoverStatus
from watchroom.duty.forms import (
    AbsenceDecisionForm,
    AbsenceRequestForm,
    CheckForm,
    InventoryItemForm,
    SignForm,
)
from watchroom.duty.models import Attendance, Handover, InventoryItem, PostAbsence, ShiftCheck
from watchroom.duty.selectors import absences, board, checks, handover, inventory, log, shifts
from watchroom.duty.views.rooms import names_of, room_or_404
from watchroom.rules import RuleViolation

DESK_ENTRIES = 10  # the latest log entries on the duty desk


@allowed("duty.view_attendance")
def desk(request, room):
    """The duty desk of a room: who is responsible, who is here, clock on and off."""
    room = room_or_404(room)
    now = timezone.now()
    duty = shifts.responsible(room, now)
    here = (Attendance.objects.filter(room=room, status="on").select_related("person__staff",
                                                                            "duty")
            .order_by("on_at"))
    # "This shift" is the one responsible now (after an early handover, the one that
    # took over), so that the next shift follows it and its check is the one shown.
    shift = shifts.on_duty(room, duty, now)
    incoming = handover.incoming_shift(room, now, duty.shift_start)
    checked = {c.shift_start: c for c in ShiftCheck.objects.filter(
        room=room, shift_start__in=[shift.start, incoming.start]).select_related(
        "checked_by__staff")}
    return render(request, "duty/desk.html", {
        "room": room, "duty": duty, "team": names_of(duty.team), "here": here,
        "shift": shift, "incoming": incoming,
        "incoming_people": names_of(d.person_id for d in shifts.rostered(room, incoming)),
        "pending": Handover.objects.filter(room=room,
                                           status=HandoverStatus.SIGNED_OUT).first(),
        "checked": checked.get(shift.start), "incoming_checked": checked.get(incoming.start),
        "entries": list(log.search(room=room)[:DESK_ENTRIES]),
        "page_title": _("Duty desk: %(room)s") % {"room": room}})


@require_POST
@allowed()
def clock(request, room, direction):
    room = room_or_404(room)
    form = SignForm(request.POST, rule="R-DUTY-2")
    if not form.is_valid():
        flash_refusal(request, form.refusal())
        return redirect("duty:desk", room.pk)
    person = form.signer
    try:
        if direction == "on":
            record = services.attendance_clock_on(actor=person, room=room, **form.credentials)
            text = _("%(person)s clocked on at %(when)s.") % {
                "person": person_name(person), "when": local_text(record.on_at, "%H:%M")}
            if record.late_minutes:
                text += " " + _("%(minutes)s minutes late.") % {"minutes": record.late_minutes}
            messages.success(request, text)
        elif direction == "off":
            services.attendance_clock_off(actor=person, room=room, **form.credentials)
            messages.success(request, _("%(person)s clocked off.") % {
                "person": person_name(person)})
        else:
            raise Http404
    except RuleViolation as exc:
        flash_refusal(request, exc)
    return redirect("duty:desk", room.pk)


@allowed("duty.view_shiftcheck")
def check(request, room):
    room = room_or_404(room)
    subjects = checks.checklist(room)
    if request.method == "POST":
        form = CheckForm(request.POST, subjects=subjects)
        form.full_clean()  # every field is optional: the service judges the results
        try:
            done = services.check_submit(actor=request.user, room=room, results=form.results())
        except RuleViolation as exc:
            flash_refusal(request, exc)
        else:
            (messages.success if done.ok else messages.warning)(
                request, _("The pre-shift check is recorded.") if done.ok else
                _("The pre-shift check is recorded; the failed items alerted the room head."))
            return redirect("duty:desk", room.pk)
    shift = checks.check_shift(room)
    rows = []
    for s in subjects:
        empty = checks.without_footage(s) if s.kind == "playback" else []
        recorded = [pk for pk in s.camera_ids if pk not in {c.pk for c in empty}]
        # The link opens a camera with footage; "fine" is offered only if one exists.
        outside = checks.on_outside_recorder(s)
        rows.append({"subject": s, "camera": None if outside else
                     (recorded or s.camera_ids or [None])[0], "outside": outside,
                     "empty": empty, "can_be_fine": not s.camera_ids or bool(recorded),
                     # R-DUTY-5: the last reading of a clock Watchroom reads itself
                     "reading": checks.clock_shown(s), "by_host": checks.clock_by_host(s),
                     # R-EQUIP-3: what the cameras' last health checks found
                     "health": checks.health_problems(room) if s.kind == "health" else []})
    return render(request, "duty/check.html", {
        "room": room, "shift": shift, "rows": rows,
        "minutes": room.site.policy.playback_check_minutes,
        "posted": request.POST, "tolerance": room.site.policy.clock_tolerance_seconds,
        "done": ShiftCheck.objects.filter(room=room, shift_start=shift.start)
        .prefetch_related("items").first(),
        "page_title": _("Pre-shift check: %(room)s") % {"room": room}})


@allowed("duty.view_postabsence")
def absence_page(request, room):
    room = room_or_404(room)
    if request.method == "POST":
        form = AbsenceRequestForm(request.POST)
        if not form.is_valid():
            flash_refusal(request, form.refusal())
        else:
            try:
                services.absence_request(actor=request.user, room=room, **form.cleaned_data)
            except RuleViolation as exc:
                flash_refusal(request, exc)
            else:
                messages.success(request, _("Asked. The substitute confirms here with their "
                                            "own password, then the room head decides."))
                return redirect("duty:absences", room.pk)
    return render(request, "duty/absences.html", {
        "room": room, "kinds": AbsenceKind.choices,
        "records": PostAbsence.objects.filter(room=room).select_related(
            "person__staff", "substitute__staff", "decided_by")[:100],
        "can_decide": request.user.has_perm(absences.APPROVE),
        "me": request.user,
        "page_title": _("Leaving the post and swaps: %(room)s") % {"room": room}})


@require_POST
@allowed()
def absence_act(request, pk, act):
    record = get_object_or_404(PostAbsence.objects.select_related("room"), pk=pk)
    try:
        if act == "confirm":
            form = SignForm(request.POST, rule="R-DUTY-3")
            if form.is_valid():
                services.absence_confirm(actor=form.signer, absence=record, **form.credentials)
            else:
                flash_refusal(request, form.refusal())
        elif act in ("approve", "reject"):
            form = AbsenceDecisionForm(request.POST)
            form.full_clean()
            services.absence_decide(actor=request.user, absence=record,
                                    approve=act == "approve", note=form.cleaned_data["note"])
        elif act == "end":
            services.absence_end(actor=request.user, absence=record)
        else:
            raise Http404
    except RuleViolation as exc:
        flash_refusal(request, exc)
    return redirect("duty:absences", record.room_id)


@allowed("duty.view_handover")
def board_page(request, room):
    room = room_or_404(room)
    context = {"room": room, "b": board.build(room),
               "page_title": _("Room head's board: %(room)s") % {"room": room}}
    if request.headers.get("HX-Request"):
        return render(request, "duty/partials/board_body.html", context)
    return render(request, "duty/board.html", context)


@allowed("duty.view_inventoryitem")
def inventory_page(request, room):
    room = room_or_404(room)
    if request.method == "POST":
        form = InventoryItemForm(request.POST)
        form.full_clean()  # every field is optional: the service judges the item
        try:
            services.inventory_item_set(actor=request.user, room=room, **form.cleaned_data)
        except RuleViolation as exc:
            flash_refusal(request, exc)
        return redirect("duty:inventory", room.pk)
    return render(request, "duty/inventory.html", {
        "room": room, "items": InventoryItem.objects.filter(room=room),
        "can_edit": request.user.has_perm(inventory.EDIT),
        "page_title": _("Handover items: %(room)s") % {"room": room}})


