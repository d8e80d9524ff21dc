"""The shift handover pages (R-HAND-1…5): one screen where the outgoing operator signs
and the incoming one accepts or refuses, each with their own password; the records."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.people import person_name
from watchroom.core.refusals import flash_refusal
from watchroom.duty import extensions, services
from watchroom.duty.choices import Hygiene
from watchroom.duty.forms import HandoverDecideForm, HandoverSignForm, SignForm
from watchroom.duty.models import Handover
from watchroom.duty.selectors import handover, log
from watchroom.duty.views.rooms import names_of, room_or_404
from watchroom.rules import RuleViolation


@allowed("duty.view_handover")
def handover_page(request, room):
    """One screen for both: the outgoing operator completes and signs; then the incoming
    operator, with their own password, accepts or refuses."""
    room = room_or_404(room)
    pending = handover.waiting(room)
    if request.method == "POST" and pending is None:
        signed = _sign(request, room)
        if signed is not None:
            return signed
    elif request.method == "POST":
        decided = _decide(request, room, pending)
        if decided is not None:
            return decided
    draft = None if pending else handover.prefill(room)
    return render(request, "duty/handover.html", {
        "room": room, "pending": pending, "draft": draft,
        "decidable": pending is not None and handover.decide_refusal(pending) is None,
        "outgoing": names_of(draft["outgoing_people"]) if draft else [],
        "incoming": names_of(draft["incoming_people"]) if draft else [],
        "hygiene_choices": Hygiene.choices, "posted": request.POST,
        "me": request.user.get_username(), "now": timezone.now(),
        "sections": extensions.handover_sections(room, timezone.now()),
        "page_title": _("Shift handover: %(room)s") % {"room": room}})


def _sign(request, room):
    """The outgoing operator signs; a redirect when done, else None (the page again)."""
    signer, form = SignForm(request.POST, prefix="out", rule="R-HAND-5"), \
        HandoverSignForm(request.POST)
    if not signer.is_valid():
        flash_refusal(request, signer.refusal())
        return None
    form.full_clean()  # every field is optional: the service judges the handover
    try:
        services.handover_sign(actor=signer.signer, room=room, **signer.credentials,
                               **form.cleaned_data)
    except RuleViolation as exc:
        flash_refusal(request, exc)
        return None
    messages.success(request, _("Signed. The incoming operator now accepts or refuses."))
    return redirect("duty:handover", room.pk)


def _decide(request, room, pending):
    """The incoming operator accepts or refuses; a redirect when done, else None."""
    signer, form = SignForm(request.POST, prefix="in", rule="R-HAND-5"), \
        HandoverDecideForm(request.POST)
    if not signer.is_valid():
        flash_refusal(request, signer.refusal())
        return None
    form.full_clean()
    decision = form.cleaned_data["decision"]
    try:
        if decision == form.ACCEPT:
            services.handover_accept(actor=signer.signer, handover=pending,
                                     **signer.credentials)
            messages.success(request, _("Handover accepted: %(user)s's shift is on duty.")
                             % {"user": person_name(signer.signer)})
            return redirect("duty:handover_detail", pending.pk)
        if decision == form.REFUSE:
            services.handover_refuse(actor=signer.signer, handover=pending,
                                     reasons=form.cleaned_data["reasons"], **signer.credentials)
            messages.warning(request, _("Handover refused; the outgoing shift stays on "
                                        "duty and the room head is alerted."))
            return redirect("duty:handover", room.pk)
    except RuleViolation as exc:
        flash_refusal(request, exc)
        return None
    messages.error(request, _("Choose accept or refuse."))
    return None


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
    room = room_or_404(room)
    records = (Handover.objects.filter(room=room).select_related(
        "outgoing_signer__staff", "incoming_signer__staff").order_by("-outgoing_signed_at")[:200])
    return render(request, "duty/handover_list.html", {
        "room": room, "records": records,
        "page_title": _("Handovers: %(room)s") % {"room": room}})
