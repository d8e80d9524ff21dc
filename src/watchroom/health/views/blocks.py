"""Camera blocks (R-EQUIP-5): the list (current and past), the application, and each
block's page with the room head's decision and the early end."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.core.people import person_name
from watchroom.core.refusals import form_refusal
from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.health.choices import BlockStatus
from watchroom.health.forms import BlockApplyForm, DecisionForm, NoteForm
from watchroom.health.selectors import blocks as selectors
from watchroom.health.selectors.pages import blocks_visible_to
from watchroom.health.services import blocks as services
from watchroom.rules import RuleViolation


def _local(value) -> str:
    return local_text(value, "%Y-%m-%d %H:%M")


def _camera_filter():
    return Filter("camera", _("camera"),
                  [(c.pk, str(c)) for c in Camera.objects.order_by("code")], "camera_id")


@allowed()
def block_list(request):
    now = timezone.now()
    rows = blocks_visible_to(request.user)
    when = request.GET.get("when", "")
    if when == "current":
        rows = rows.filter(status__in=[BlockStatus.APPLIED, BlockStatus.APPROVED],
                           ends_at__gt=now)
    elif when == "past":
        rows = rows.exclude(status__in=[BlockStatus.APPLIED, BlockStatus.APPROVED],
                            ends_at__gt=now)
    actions = ([{"url": reverse("health:block_apply"), "label": _("Apply to block a camera")}]
               if selectors.block_apply_refusal(request.user, None) is None else [])
    return render_list(
        request, title=_("Camera blocks"), queryset=rows,
        columns=[
            Column(_("camera"), lambda b: str(b.camera)),
            Column(_("using department"), lambda b: b.department.name),
            Column(_("from"), lambda b: _local(b.starts_at)),
            Column(_("until"), lambda b: _local(b.ends_at)),
            Column(_("reason"), lambda b: b.reason),
            Column(_("status"), lambda b: selectors.block_state(b, now)),
        ],
        search_fields=["camera__code", "camera__name", "reason", "department__name"],
        actions=actions,
        filters=[
            # Narrowed above; its lookup matches every row (only "1" means isnull).
            Filter("when", _("current or past"),
                   [("current", _("current")), ("past", _("past"))], "pk__isnull"),
            Filter("status", _("status"), BlockStatus.choices, "status"),
            _camera_filter(),
        ],
    )


@allowed()
def block_apply(request):
    form = BlockApplyForm(request.POST or None, initial={"camera": request.GET.get("camera")})
    violation = None
    if request.method == "POST" and form.is_valid():
        try:
            block = services.block_apply(actor=request.user, **form.cleaned_data)
        except RuleViolation as exc:
            if exc.fields:
                form_refusal(form, exc)
            else:
                violation = exc
        else:
            messages.success(request, _("The application awaits the room head's decision."))
            return redirect(block)
    return render(request, "form.html", {
        "form": form, "page_title": _("Apply to block a camera"), "violation": violation,
        "button": _("Apply"), "cancel_url": reverse("health:block_list")})


@allowed()
def block_detail(request, pk):
    block = get_object_or_404(blocks_visible_to(request.user), pk=pk)
    now = timezone.now()
    if request.method == "POST":
        if request.POST.get("action") == "end":
            form = NoteForm(request.POST)
            if not form.is_valid():
                raise Http404
            services.block_end(actor=request.user, block=block, note=form.cleaned_data["note"])
            messages.success(request, _("The block has ended; the camera is checked again."))
        else:
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise Http404
            services.block_decide(actor=request.user, block=block,
                                  approve=form.cleaned_data["decision"] == "approve",
                                  note=form.cleaned_data["note"])
            messages.success(request, _("Decision recorded."))
        return redirect(block)
    return render(request, "health/block_detail.html", {
        "page_title": _("Block of %(camera)s") % {"camera": block.camera},
        "block": block,
        "fields": [
            (_("camera"), str(block.camera)),
            (_("using department"), block.department.name),
            (_("reason"), block.reason),
            (_("from"), _local(block.starts_at)),
            (_("until"), _local(block.ends_at)),
            (_("status"), selectors.block_state(block, now)),
            (_("applied by"), person_name(block.applied_by)),
            (_("applied"), _local(block.applied_at)),
            (_("decided by"), person_name(block.decided_by)),
            (_("decided"), _local(block.decided_at)),
            (_("decision note"), block.decision_note),
            (_("ended"), _local(block.ended_at)),
            (_("ended by"), person_name(block.ended_by) if block.ended_by_id
             else (_("by itself at its end time") if block.ended_at else "")),
            (_("end note"), block.end_note),
        ],
        "can_decide": selectors.block_decide_refusal(request.user, block, now) is None,
        "can_end": selectors.block_end_refusal(request.user, block) is None,
    })
