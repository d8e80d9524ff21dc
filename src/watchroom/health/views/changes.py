"""Camera changes (R-EQUIP-4): the list, the request, and each change's page with the
room head's decision and the technician's record of what was done."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.core.people import person_name
from watchroom.core.refusals import form_refusal
from watchroom.core.selectors import in_knowledge_scope
from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.health.choices import ChangeKind, ChangeStatus
from watchroom.health.forms import ChangeRequestForm, DecisionForm, NoteForm
from watchroom.health.selectors import changes as selectors
from watchroom.health.selectors.pages import changes_visible_to
from watchroom.health.services import changes as services
from watchroom.rules import RuleViolation

VIEW = "health.view_camerachange"


def _local(value) -> str:
    return local_text(value, "%Y-%m-%d %H:%M")


@allowed(VIEW)
def change_list(request):
    rows = changes_visible_to(request.user)
    when = request.GET.get("when", "")
    open_statuses = [ChangeStatus.REQUESTED, ChangeStatus.APPROVED, ChangeStatus.DONE]
    if when == "current":
        rows = rows.filter(status__in=open_statuses)
    elif when == "past":
        rows = rows.exclude(status__in=open_statuses)
    actions = ([{"url": reverse("health:change_request"), "label": _("Request a camera change")}]
               if selectors.change_request_refusal(request.user) is None else [])
    return render_list(
        request, title=_("Camera changes"), queryset=rows,
        columns=[
            Column(_("camera"), lambda c: str(c.camera)),
            Column(_("what changes"), lambda c: c.get_kind_display()),
            Column(_("the change"), lambda c: c.description),
            Column(_("planned from"), lambda c: _local(c.planned_start)),
            Column(_("requested by"), lambda c: person_name(c.requested_by)),
            Column(_("status"), lambda c: c.get_status_display()),
        ],
        search_fields=["camera__code", "camera__name", "description", "reason", "done_note"],
        actions=actions,
        filters=[
            # Narrowed above; its lookup matches every row (only "1" means isnull).
            Filter("when", _("current or past"),
                   [("current", _("current")), ("past", _("past"))], "pk__isnull"),
            Filter("status", _("status"), ChangeStatus.choices, "status"),
            Filter("kind", _("what changes"), ChangeKind.choices, "kind"),
            Filter("camera", _("camera"),
                   [(c.pk, str(c)) for c in Camera.objects.order_by("code")], "camera_id"),
        ],
    )


@allowed(selectors.REQUEST_PERMISSION)
def change_request(request):
    form = ChangeRequestForm(request.POST or None,
                             initial={"camera": request.GET.get("camera")})
    violation = None
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_request(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            if exc.fields:
                form_refusal(form, exc)
            else:
                violation = exc
        else:
            messages.success(request, _("The change awaits the room head's approval."))
            return redirect(change)
    return render(request, "form.html", {
        "form": form, "page_title": _("Request a camera change"), "violation": violation,
        "button": _("Request"), "cancel_url": reverse("health:change_list")})


@allowed(VIEW)
def change_detail(request, pk):
    change = get_object_or_404(changes_visible_to(request.user), pk=pk)
    if request.method == "POST":
        if request.POST.get("action") == "done":
            form = NoteForm(request.POST)
            if not form.is_valid():
                raise Http404
            services.change_done(actor=request.user, change=change,
                                 note=form.cleaned_data["note"])
            messages.success(request, _("The change is recorded as done; the room head "
                                        "approves the new reference picture."))
        else:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise Http404
            services.change_decide(actor=request.user, change=change,
                                   approve=form.cleaned_data["decision"] == "approve",
                                   note=form.cleaned_data["note"])
            messages.success(request, _("Decision recorded."))
        return redirect(change)
    return render(request, "health/change_detail.html", {
        "page_title": _("Change of %(camera)s") % {"camera": change.camera},
        "change": change,
        "fields": [
            (_("camera"), str(change.camera)),
            (_("what changes"), change.get_kind_display()),
            (_("the change"), change.description),
            (_("reason"), change.reason),
            (_("planned from"), _local(change.planned_start)),
            (_("planned until"), _local(change.planned_end)),
            (_("status"), change.get_status_display()),
            (_("requested by"), person_name(change.requested_by)),
            (_("requested"), _local(change.requested_at)),
            (_("decided by"), person_name(change.decided_by)),
            (_("decided"), _local(change.decided_at)),
            (_("decision note"), change.decision_note),
            (_("done by"), person_name(change.done_by)),
            (_("done"), _local(change.done_at)),
            (_("what was changed"), change.done_note),
            (_("closed"), _local(change.closed_at)),
        ],
        "can_decide": selectors.change_decide_refusal(request.user, change) is None,
        "can_do": selectors.change_done_refusal(request.user, change) is None,
        "can_see_reference": request.user.has_perm("health.view_referenceimage")
        and in_knowledge_scope(request.user, change.camera.area),
    })
