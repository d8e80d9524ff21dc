"""Pages of the shift: the duty desk (clock on and off), the pre-shift check, the
handover signed on one screen, leaving the post, the room head's board, the inventory."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.core.people import person_name
from watchroom.duty import (
    absences,
    attendance,
    board,
    checks,
    handover,
    inventory,
    log,
    shifts,
)
from watchroom.duty.models import (
    AbsenceKind,
    Attendance,
    Handover,
    HandoverStatus,
    Hygiene,
    InventoryItem,
    PostAbsence,
    ShiftCheck,
)
from watchroom.duty.views import to_first_room
from watchroom.rules import RuleViolation

DESK_ENTRIES = 10  # the latest log entries on the duty desk
ROOMS = MonitoringRoom.objects.select_related("site__policy")


def _room(pk) -> MonitoringRoom:
    return get_object_or_404(ROOMS, pk=pk)


def _refused(request, exc: RuleViolation) -> None:
    messages.error(request, f"{exc.rule_id}: {exc.message}")


def _person(username: str, rule: str):
    user = get_user_model().objects.filter(username=(username or "").strip(),
                                           is_active=True).first()
    if user is None:
        raise RuleViolation(rule, _("There is no user %(user)s.") % {"user": username},
                            status=400)
    return user


def _credentials(request, prefix: str) -> dict:
    return {"password": request.POST.get(f"{prefix}password", ""),
            "code": request.POST.get(f"{prefix}code", "").strip()}


def _names(ids) -> list[str]:
    ids = list(ids)
    found = shifts.names(ids)
    return [found[i] for i in ids if i in found]


@allowed("duty.view_attendance")
def desk(request, room):
    """The duty desk of a room: who is responsible, who is here, clock on and off."""
    room = _room(room)
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
        "room": room, "duty": duty, "team": _names(duty.team), "here": here,
        "shift": shift, "incoming": incoming,
        "incoming_people": _names(d.person_id for d in shifts.rostered(room, incoming)),
        "pending": Handover.objects.filter(room=room,
                                           status=HandoverStatus.SIGNED_OUT).first(),
        "checked": checked.get(shift.start), "incoming_checked": checked.get(incoming.start),
        "entries": list(log.search(room=room)[:DESK_ENTRIES]),
        "page_title": _("Duty desk: %(room)s") % {"room": room}})


@require_POST
@login_required
def clock(request, room, direction):
    room = _room(room)
    try:
        person = _person(request.POST.get("username", ""), "R-DUTY-2")
        if direction == "on":
            record = attendance.clock_on(actor=person, room=room,
                                         credentials=_credentials(request, ""))
            text = _("%(person)s clocked on at %(when)s.") % {
                "person": person_name(person),
                "when": timezone.localtime(record.on_at).strftime("%H:%M")}
            if record.late_minutes:
                text += " " + _("%(minutes)s minutes late.") % {"minutes": record.late_minutes}
            messages.success(request, text)
        elif direction == "off":
            attendance.clock_off(actor=person, room=room,
                                 credentials=_credentials(request, ""))
            messages.success(request, _("%(person)s clocked off.") % {
                "person": person_name(person)})
        else:
            raise Http404
    except RuleViolation as exc:
        _refused(request, exc)
    return redirect("duty:desk", room.pk)


@allowed("duty.view_shiftcheck")
def check(request, room):
    room = _room(room)
    subjects = checks.checklist(room)
    if request.method == "POST":
        results = {}
        for s in subjects:
            verdict = request.POST.get(f"{s.key}:ok", "")
            offset = request.POST.get(f"{s.key}:offset", "").strip()
            results[s.key] = {
                "ok": {"1": True, "0": False}.get(verdict),
                "offset": int(offset) if offset.lstrip("+-").isdigit() else None,
                "note": request.POST.get(f"{s.key}:note", "")}
        try:
            done = checks.submit_check(actor=request.user, room=room, results=results)
        except RuleViolation as exc:
            _refused(request, exc)
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
                     "empty": empty, "can_be_fine": not s.camera_ids or bool(recorded)})
    return render(request, "duty/check.html", {
        "room": room, "shift": shift, "rows": rows,
        "minutes": room.site.policy.playback_check_minutes,
        "posted": request.POST, "tolerance": room.site.policy.clock_tolerance_seconds,
        "done": ShiftCheck.objects.filter(room=room, shift_start=shift.start)
        .prefetch_related("items").first(),
        "page_title": _("Pre-shift check: %(room)s") % {"room": room}})


def _items_from(post) -> list[dict]:
    return [{"name": post.get(f"item-{n}-name", ""), "count": post.get(f"item-{n}-count"),
             "ok": post.get(f"item-{n}-ok") == "1", "note": post.get(f"item-{n}-note", "")}
            for n in range(len(post.getlist("item")))]


@allowed("duty.view_handover")
def handover_page(request, room):
    """One screen for both: the outgoing operator completes and signs; then the incoming
    operator, with their own password, accepts or refuses."""
    room = _room(room)
    pending = (Handover.objects.filter(room=room, status=HandoverStatus.SIGNED_OUT)
               .select_related("outgoing_signer__staff").first())
    if request.method == "POST" and pending is None:
        try:
            handover.sign_out(
                actor=_person(request.POST.get("out-username", ""), "R-HAND-5"), room=room,
                **_credentials(request, "out-"), continuing=request.POST.get("continuing", ""),
                instructions=request.POST.get("instructions", ""),
                equipment=request.POST.get("equipment", ""),
                hygiene=request.POST.get("hygiene", ""),
                hygiene_note=request.POST.get("hygiene_note", ""),
                items=_items_from(request.POST))
        except RuleViolation as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Signed. The incoming operator now accepts or "
                                        "refuses."))
            return redirect("duty:handover", room.pk)
    elif request.method == "POST":
        decision = request.POST.get("decision")
        try:
            signer = _person(request.POST.get("in-username", ""), "R-HAND-5")
            if decision == "accept":
                handover.accept(actor=signer, handover=pending, **_credentials(request, "in-"))
                messages.success(request, _("Handover accepted: %(user)s's shift is on duty.")
                                 % {"user": person_name(signer)})
                return redirect("duty:handover_detail", pending.pk)
            if decision == "refuse":
                handover.refuse(actor=signer, handover=pending, **_credentials(request, "in-"),
                                reasons=request.POST.get("reasons", ""))
                messages.warning(request, _("Handover refused; the outgoing shift stays on "
                                            "duty and the room head is alerted."))
                return redirect("duty:handover", room.pk)
            messages.error(request, _("Choose accept or refuse."))
        except RuleViolation as exc:
            _refused(request, exc)
    draft = None if pending else handover.prefill(room)
    return render(request, "duty/handover.html", {
        "room": room, "pending": pending, "draft": draft,
        "outgoing": _names(draft["outgoing_people"]) if draft else [],
        "incoming": _names(draft["incoming_people"]) if draft else [],
        "hygiene_choices": Hygiene.choices, "posted": request.POST,
        "me": request.user.get_username(), "now": timezone.now(),
        "page_title": _("Shift handover: %(room)s") % {"room": room}})


@allowed("duty.view_handover")
def handover_detail(request, pk):
    record = get_object_or_404(Handover.objects.select_related(
        "room", "outgoing_signer__staff", "incoming_signer__staff", "replaces"), pk=pk)
    return render(request, "duty/handover_detail.html", {
        "h": record, "shared": list(log.search(room=record.room).filter(handover=record)
                                    .order_by("at", "pk")),
        "intact": handover.content_hash(record) == record.content_hash,
        "page_title": _("Handover record: %(handover)s") % {"handover": record}})


@allowed("duty.view_handover")
def handover_list(request, room):
    room = _room(room)
    records = (Handover.objects.filter(room=room).select_related(
        "outgoing_signer__staff", "incoming_signer__staff").order_by("-outgoing_signed_at")[:200])
    return render(request, "duty/handover_list.html", {
        "room": room, "records": records,
        "page_title": _("Handovers: %(room)s") % {"room": room}})


@allowed("duty.view_postabsence")
def absence_page(request, room):
    room = _room(room)
    if request.method == "POST":
        try:
            substitute = _person(request.POST.get("substitute", ""), "R-DUTY-3")
            minutes = request.POST.get("minutes", "").strip()
            absences.request_absence(
                actor=request.user, room=room, kind=request.POST.get("kind", ""),
                substitute=substitute, reason=request.POST.get("reason", ""),
                minutes=int(minutes) if minutes.isdigit() else None)
        except RuleViolation as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Asked. The substitute confirms here with their own "
                                        "password, then the room head decides."))
            return redirect("duty:absences", room.pk)
    return render(request, "duty/absences.html", {
        "room": room, "kinds": AbsenceKind.choices,
        "records": PostAbsence.objects.filter(room=room).select_related(
            "person__staff", "substitute__staff", "decided_by")[:100],
        "can_decide": request.user.has_perm(absences.APPROVE),
        "me": request.user,
        "page_title": _("Leaving the post and swaps: %(room)s") % {"room": room}})


@require_POST
@login_required
def absence_act(request, pk, act):
    record = get_object_or_404(PostAbsence.objects.select_related("room"), pk=pk)
    try:
        if act == "confirm":
            substitute = _person(request.POST.get("username", ""), "R-DUTY-3")
            absences.confirm_absence(actor=substitute, absence=record,
                                     credentials=_credentials(request, ""))
        elif act in ("approve", "reject"):
            absences.decide_absence(actor=request.user, absence=record,
                                    approve=act == "approve",
                                    note=request.POST.get("note", ""))
        elif act == "end":
            absences.end_absence(actor=request.user, absence=record)
        else:
            raise Http404
    except RuleViolation as exc:
        _refused(request, exc)
    return redirect("duty:absences", record.room_id)


@allowed("duty.view_handover")
def board_page(request, room):
    room = _room(room)
    context = {"room": room, "b": board.build(room),
               "page_title": _("Room head's board: %(room)s") % {"room": room}}
    if request.headers.get("HX-Request"):
        return render(request, "duty/board_body.html", context)
    return render(request, "duty/board.html", context)


@allowed("duty.view_inventoryitem")
def inventory_page(request, room):
    room = _room(room)
    if request.method == "POST":
        quantity = request.POST.get("quantity", "").strip()
        try:
            inventory.set_item(actor=request.user, room=room,
                               name=request.POST.get("name", ""),
                               quantity=int(quantity) if quantity.isdigit() else None,
                               active=request.POST.get("active", "1") == "1")
        except RuleViolation as exc:
            _refused(request, exc)
        return redirect("duty:inventory", room.pk)
    return render(request, "duty/inventory.html", {
        "room": room, "items": InventoryItem.objects.filter(room=room),
        "can_edit": request.user.has_perm(inventory.EDIT),
        "page_title": _("Handover items: %(room)s") % {"room": room}})


patterns = [
    path("desk/", to_first_room("duty:desk"), name="desk_index"),
    path("desk/<int:room>/", desk, name="desk"),
    path("desk/<int:room>/clock-<str:direction>/", clock, name="clock"),
    path("check/<int:room>/", check, name="check"),
    path("handover/", to_first_room("duty:handover"), name="handover_index"),
    path("handover/<int:room>/", handover_page, name="handover"),
    path("handover/<int:room>/records/", handover_list, name="handover_list"),
    path("handovers/<int:pk>/", handover_detail, name="handover_detail"),
    path("absences/<int:room>/", absence_page, name="absences"),
    path("absences/item/<int:pk>/<str:act>/", absence_act, name="absence_act"),
    path("board/", to_first_room("duty:board"), name="board_index"),
    path("board/<int:room>/", board_page, name="board"),
    path("inventory/<int:room>/", inventory_page, name="inventory"),
]
