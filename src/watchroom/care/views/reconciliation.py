"""End-of-day reconciliation pages (R-EQUIP-7): the board of rooms and days, the
signing page, one signed record."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.care.forms.end_of_day import ReconciliationForm
from watchroom.care.models import Reconciliation
from watchroom.care.selectors import reconciliation as selectors
from watchroom.care.services import reconciliation as services
from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.core.refusals import form_refusal
from watchroom.rules import RuleViolation


@allowed("care.view_reconciliation")
def reconciliation_board(request):
    return render(request, "care/reconciliation_board.html", {
        "page_title": _("End of day"), "board": selectors.reconciliation_board(),
        "today": timezone.localdate(), "may_sign": request.user.has_perm(selectors.SIGN)})


@allowed(selectors.SIGN)
def reconciliation_sign(request, room: int, day: str):
    room = get_object_or_404(MonitoringRoom, pk=room)
    try:
        day = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("No such day.")) from None
    done = selectors.reconciliation_of(room, day)
    if done is not None:
        return redirect(done)
    lines = selectors.reconciliation_lines(room)
    form = ReconciliationForm(request.POST if request.method == "POST" else None, lines=lines)
    refusal = selectors.reconciliation_sign_refusal(request.user, room, day)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.reconciliation_sign(
                actor=request.user, room=room, day=day, findings=form.findings(),
                note=form.cleaned_data["note"], password=form.cleaned_data["password"])
        except RuleViolation as exc:
            form_refusal(form, exc, "password")
        else:
            messages.success(request, _("The reconciliation was signed."))
            return redirect(record)
    return render(request, "care/reconciliation_sign.html", {
        "page_title": _("End of day: %(room)s, %(day)s") % {"room": room.name,
                                                            "day": day.isoformat()},
        "form": form, "room": room, "day": day, "refusal": refusal,
    }, status=400 if form.errors else 200)


@allowed("care.view_reconciliation")
def reconciliation_detail(request, pk: int):
    record = get_object_or_404(Reconciliation.objects.select_related("room", "signed_by"),
                               pk=pk)
    return render(request, "care/reconciliation_detail.html", {
        "page_title": _("End of day: %(room)s, %(day)s") % {"room": record.room.name,
                                                            "day": record.day.isoformat()},
        "record": record, "lines": record.lines.all()})
