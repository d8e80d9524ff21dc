from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from watchroom.core.decorators import allowed
from watchroom.core.refusals import flash_refusal
from watchroom.notifications import selectors, services
from watchroom.notifications.choices import AcknowledgedBy
from watchroom.notifications.forms import AcknowledgeForm, ConfirmForm
from watchroom.notifications.models import Notice
from watchroom.rules import RuleViolation


@allowed()
def inbox(request):
    if request.method == "POST":  # "Mark all read": the body holds only the CSRF token
        services.inbox_mark_read(actor=request.user)
        return redirect("notifications:inbox")
    return render(request, "notifications/inbox.html", {
        "items": selectors.inbox_for(request.user),
        "escalations": selectors.open_notices_for(request.user),
        "page_title": _("Inbox")})


@allowed()
def acknowledge(request):
    """The inbox's acknowledge button for an escalation (R-INC-2)."""
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        notice = get_object_or_404(Notice.objects.select_related("level__escalation"),
                                   pk=form.cleaned_data["notice"], user=request.user)
        try:
            services.escalation_acknowledge(actor=request.user, notice=notice,
                                            how=AcknowledgedBy.INBOX)
        except RuleViolation as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("Acknowledged: %(title)s") % {
                "title": notice.level.escalation.title})
    return redirect("notifications:inbox")


@csrf_protect
def acknowledge_link(request, token: str):
    """An e-mail's or chat message's acknowledgement link. Opening it changes nothing
    (mail scanners and chat previews open links); its one button acknowledges. No
    sign-in is asked: the link is single use, bound to one recipient, and expires
    (docs/decisions.md)."""
    notice, refusal = selectors.ack_link_refusal(request.user, token)
    done = None
    if request.method == "POST" and refusal is None and ConfirmForm(request.POST).is_valid():
        try:
            signed_in = request.user if request.user.is_authenticated else None
            done = services.escalation_acknowledge_link(token=token, actor=signed_in)
        except RuleViolation as exc:
            refusal = exc
    status = 200 if refusal is None else refusal.status
    return render(request, "notifications/acknowledge.html", {
        "notice": notice, "refusal": refusal, "done": done,
        "page_title": _("Acknowledge an escalation")}, status=status)
