"""Footage request pages: the register, entering a request, deciding it, playing and
exporting inside its scope, the hand-over, the printable form. Every write is one
service call; a refusal becomes the rule-violation page. What a page offers comes from
the selectors the services themselves ask (`selectors.*_refusal`)."""

import functools
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.refusals import flash_refusal
from watchroom.core.times import local_text
from watchroom.footage import register, selectors, services
from watchroom.footage.choices import ExportState, Need, Status
from watchroom.footage.forms import DecisionForm, ExportForm, HandoverForm, RequestForm
from watchroom.footage.models import Attachment, Export, FootageRequest, ScopeItem
from watchroom.recording.models import Segment
from watchroom.recording.views import player as playback_views
from watchroom.rules import RuleViolation
from watchroom.twofactor import services as twofactor

logger = logging.getLogger("watchroom.footage")
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _sees_requests(view):
    """The register's keepers, and requesters for their own requests."""
    @functools.wraps(view)
    def check(request, *args, **kwargs):
        if not selectors.may_see_requests(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return allowed()(check)


def _visible(request, pk):
    return get_object_or_404(selectors.visible_requests(request.user), pk=pk)


@_sees_requests
def request_list(request):
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    requests = register.matching(query=query, status=status,
                                 requests=selectors.visible_requests(request.user))
    return render(request, "footage/register.html", {
        "rows": register.entries(requests[:500]), "total": requests.count(), "q": query,
        "status": status,
        "statuses": Status.choices, "page_title": _("Footage requests and retrieval register"),
        "can_file": request.user.has_perm(selectors.FILE),
    })


@_sees_requests
def register_xlsx(request):
    rows = register.entries(register.matching(
        query=request.GET.get("q", "").strip(), status=request.GET.get("status", ""),
        requests=selectors.visible_requests(request.user)))
    response = FileResponse(register.workbook(rows), as_attachment=True,
                            filename=f"footage-register-{timezone.localdate():%Y%m%d}.xlsx")
    return response


@allowed(selectors.FILE)
def request_create(request):
    form = RequestForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.request_create(
                actor=request.user, scope=form.scope(), officers=form.officers(),
                uploads=form.uploads(), **form.service_fields())
        except RuleViolation as exc:
            if exc.status != 400:
                raise
            problems = exc.details.get("problems") or [str(exc.message)]
        else:
            messages.success(request, _("Request %(number)s is filed; its footage is on hold "
                                        "and the approvers are notified.") % {
                "number": filed.number})
            return redirect(filed)
    return render(request, "footage/request_form.html", {
        "form": form, "problems": problems, "page_title": _("New footage request"),
        "scope_rows": [(form[f"camera_{n}"], form[f"start_{n}"], form[f"end_{n}"])
                       for n in range(1, 5)],
        "officer_rows": [(form[f"officer_{n}_name"], form[f"officer_{n}_badge"])
                         for n in range(1, 3)],
    })


def _detail_context(request, footage_request):
    user = request.user
    now = timezone.now()
    scope = selectors.current_scope(footage_request)
    approvals = footage_request.approvals.select_related("approver__staff")
    expired = footage_request.valid_until is not None and now > footage_request.valid_until
    return {
        "r": footage_request, "scope": scope, "approvals": approvals,
        "history": footage_request.scope.exclude(version=footage_request.scope_version),
        "attachments": footage_request.attachments.all(),
        "may_open_attachments": selectors.may_open_attachments(user, footage_request),
        "retrievals": footage_request.retrievals.select_related("operator", "camera"),
        "exports": footage_request.exports.select_related("created_by"),
        "package": footage_request.exports.filter(state=ExportState.DONE).first(),
        "handovers": footage_request.handovers.select_related("handed_by", "export"),
        "can_decide": selectors.request_decide_refusal(user, footage_request) is None,
        "can_execute": selectors.request_retrieve_refusal(
            user, footage_request, need=Need.VIEW, now=now) is None,
        "can_export": selectors.request_retrieve_refusal(
            user, footage_request, need=Need.COPY, now=now) is None,
        "can_hand_over": selectors.request_handover_refusal(user, footage_request, now) is None,
        "expired": expired,
        "enrolled": twofactor.is_enrolled(user),
        "decision_form": DecisionForm(initial={
            "step": footage_request.step, "scope_version": footage_request.scope_version}),
        "handover_form": HandoverForm(initial={
            "recipient_name": footage_request.requester_name,
            "recipient_unit": footage_request.requester_unit,
            "recipient_id_number": footage_request.requester_id_number}),
        "page_title": _("Footage request %(number)s") % {"number": footage_request.number},
    }


@_sees_requests
def request_detail(request, pk):
    footage_request = _visible(request, pk)
    return render(request, "footage/request_detail.html",
                  _detail_context(request, footage_request))


@_sees_requests
def request_print(request, pk):
    footage_request = _visible(request, pk)
    return render(request, "footage/request_print.html",
                  _detail_context(request, footage_request))


def _attachment(request, pk, attachment):
    return get_object_or_404(Attachment.objects.select_related("request"), pk=attachment,
                             request_id=pk)


@allowed()
def attachment_page(request, pk, attachment):
    """The document shown inside the site: an image or a PDF in the page."""
    attachment = _attachment(request, pk, attachment)
    if not selectors.may_open_attachments(request.user, attachment.request):
        raise PermissionDenied
    return render(request, "footage/attachment.html", {
        "r": attachment.request, "a": attachment,
        "inline": attachment.content_type in INLINE_TYPES,
        "page_title": _("%(number)s: %(document)s") % {
            "number": attachment.request.number, "document": attachment.get_kind_display()}})


@allowed()
@xframe_options_sameorigin
def attachment_file(request, pk, attachment):
    attachment = _attachment(request, pk, attachment)
    path = services.attachment_open(actor=request.user, attachment=attachment)
    if not path.exists():
        raise Http404
    inline = attachment.content_type in INLINE_TYPES
    response = FileResponse(open(path, "rb"), as_attachment=not inline,
                            filename=attachment.name,
                            content_type=attachment.content_type if inline
                            else "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; "
        "frame-ancestors 'self'; form-action 'none'; base-uri 'none'")
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@allowed(selectors.APPROVE)
def decide(request, pk):
    footage_request = get_object_or_404(FootageRequest, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject and enter your authenticator code."))
        return _decide_again(request, footage_request, form)
    data = form.cleaned_data
    try:
        services.request_decide(actor=request.user, request=footage_request,
                                decision=data["decision"], code=data["code"],
                                comment=data["comment"], step=data["step"],
                                scope_version=data["scope_version"])
    except RuleViolation as exc:
        # refused and audited; shown on the request, where the approver tries again
        flash_refusal(request, exc)
        return _decide_again(request, footage_request, form)
    messages.success(request, _("Your decision is recorded."))
    return redirect(footage_request)


def _decide_again(request, footage_request, form):
    """The request page again with the decision and comment as chosen; only the
    authenticator code, used or wrong, is asked for anew."""
    kept = request.POST.copy()
    kept["code"] = ""
    context = _detail_context(request, footage_request)
    context["decision_form"] = DecisionForm(kept)
    return render(request, "footage/request_detail.html", context)


@allowed(selectors.EXECUTE)
def play(request, pk, item):
    """The range player over an approved request (R-FOOT-3): the scope item's camera, and
    up to three more of the request's cameras side by side."""
    footage_request = get_object_or_404(FootageRequest, pk=pk)
    scope = selectors.current_scope(footage_request)
    scope_item = next((i for i in scope if i.pk == item), None)
    if scope_item is None:
        raise Http404
    in_scope = {i.camera_id: i.camera for i in scope}
    ids = playback_views.chosen_cameras(request, scope_item.camera_id, set(in_scope))
    cameras = [in_scope[i] for i in ids]
    for shown in scope:  # each viewing entered in the register (R-FOOT-4) and audited
        if shown.camera_id in ids:
            services.retrieval_view(actor=request.user, request=footage_request,
                                    camera=shown.camera, start=shown.start, end=shown.end)
    intro = _("Approved footage of request %(number)s: %(start)s – %(end)s. Only this range "
              "plays; this viewing is recorded.") % {
        "number": footage_request.number, "start": local_text(scope_item.start),
        "end": local_text(scope_item.end)}
    context = playback_views.player_context(
        request, basis=selectors.request_basis(footage_request), cameras=cameras,
        addable=sorted(in_scope.values(), key=lambda c: c.code),
        title=_("%(number)s: %(camera)s") % {"number": footage_request.number,
                                             "camera": scope_item.camera},
        intro=intro, back_url=footage_request.get_absolute_url(),
        back_label=_("Back to the request"))
    context["r"] = footage_request
    return render(request, "recording/player.html", context)


@allowed(selectors.EXECUTE)
def segment_file(request, pk, item, segment):
    """A segment's part inside a scope item (the address before range playback): served
    through the same access policy and viewing record as the player's."""
    footage_request = get_object_or_404(FootageRequest, pk=pk)
    scope_item = get_object_or_404(ScopeItem, pk=item, request=footage_request,
                                   version=footage_request.scope_version)
    seg = get_object_or_404(Segment.objects.select_related("camera__area__site__policy"),
                            pk=segment, camera_id=scope_item.camera_id, state="sealed")
    start, end = max(seg.start, scope_item.start), min(seg.end, scope_item.end)
    return playback_views.serve_part(request, seg, selectors.request_basis(footage_request),
                                     start, end)


@require_POST
@allowed(selectors.EXECUTE)
def export_create(request, pk):
    footage_request = get_object_or_404(FootageRequest, pk=pk)
    form = ExportForm(request.POST)
    form.is_valid()  # two tick boxes: anything else reads as unticked
    export = services.export_create(actor=request.user, request=footage_request,
                                    merged_clip=bool(form.cleaned_data.get("merged_clip")),
                                    watermark=bool(form.cleaned_data.get("watermark")))
    messages.success(request, _("The export has started."))
    return redirect("footage:export_detail", footage_request.pk, export.pk)


@_sees_requests
def export_detail(request, pk, export):
    _visible(request, pk)
    export = get_object_or_404(Export.objects.select_related("request"), pk=export,
                               request_id=pk)
    template = ("footage/partials/export_progress.html" if request.htmx
                else "footage/export_detail.html")
    return render(request, template, {
        "export": export, "r": export.request, "done": export.state == ExportState.DONE,
        "running": export.state in (ExportState.QUEUED, ExportState.RUNNING),
        "page_title": _("Export %(name)s") % {"name": export}})


@allowed(selectors.EXECUTE)
def export_download(request, pk, export):
    export = get_object_or_404(Export.objects.select_related("request"), pk=export,
                               request_id=pk)
    services.export_download(actor=request.user, export=export)
    path = selectors.exports_dir() / export.path
    return FileResponse(open(path, "rb"), as_attachment=True,
                        filename=path.name, content_type="application/zip")


@require_POST
@allowed(selectors.EXECUTE)
def handover(request, pk):
    footage_request = get_object_or_404(FootageRequest, pk=pk)
    form = HandoverForm(request.POST)
    form.is_valid()  # the service names whatever is missing
    data = {name: form.cleaned_data.get(name) or "" for name in form.fields}
    export = (get_object_or_404(Export, pk=data["export"], request=footage_request)
              if data.get("export") else None)
    services.handover_create(actor=request.user, request=footage_request, export=export,
                             recipient_name=data["recipient_name"],
                             recipient_unit=data["recipient_unit"],
                             recipient_id_number=data["recipient_id_number"],
                             items=data["items"])
    messages.success(request, _("The hand-over is recorded."))
    return redirect(footage_request)
