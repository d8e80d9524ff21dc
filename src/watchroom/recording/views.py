"""Recording pages: the room head's overview, per-camera timelines, the playback check,
holds and retention extensions. Every write is one service call."""

import datetime as dt
import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_detail, render_list
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.recording import access, policy, selectors, services, storage
from watchroom.recording.choices import Decision, SegmentState
from watchroom.recording.forms import DecisionForm, ExtensionForm, HoldForm, ReleaseForm
from watchroom.recording.models import Hold, RetentionExtension, Segment
from watchroom.recording.serving import file_response


def _local(value) -> str:
    return local_text(value, "%Y-%m-%d %H:%M:%S")


@allowed("recording.view_segment")
def overview(request):
    rows = selectors.overview()
    states = selectors.camera_states([row["camera"].pk for row in rows])
    for row in rows:
        row["status"] = states[row["camera"].pk]
    return render(request, "recording/overview.html", {
        "rows": rows, "projection": selectors.storage_projection(),
        "page_title": _("Recordings"),
    })


@allowed("recording.view_segment")
def timeline(request, pk):
    camera = get_object_or_404(Camera.objects.select_related("area__site__policy"), pk=pk)
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else today
    except ValueError:
        day = today
    context = selectors.timeline(camera, day)
    context.update({
        "camera": camera, "days": selectors.days_of(camera)[:120],
        "retention_days": policy.retention_days(camera),
        "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "can_play": selectors.may_play_back(request.user),
        "can_request_retention": selectors.extension_request_refusal(request.user) is None,
        "source_state": selectors.source_state(camera),
        "camera_status": selectors.camera_states([camera.pk])[camera.pk],
        "page_title": _("Recordings of %(camera)s") % {"camera": camera},
    })
    return render(request, "recording/timeline.html", context)


@allowed("recording.playback_check")
def playback(request, pk):
    camera = get_object_or_404(Camera.objects.select_related("area__site__policy"), pk=pk)
    segments = services.playback_open(actor=request.user, camera=camera)
    grant = access.playback_grant(request.user, camera)
    playlist = [{
        "id": s.pk, "url": reverse("recording:segment_file", args=[s.pk]),
        "start": s.start.timestamp(), "end": s.end.timestamp(), "label": _local(s.start),
    } for s in segments]
    return render(request, "recording/playback.html", {
        "camera": camera, "segments": segments, "playlist": json.dumps(playlist),
        "window_start": grant.start, "window_end": grant.end,
        "minutes": camera.area.site.policy.playback_check_minutes,
        "page_title": _("Playback check: %(camera)s") % {"camera": camera},
    })


@allowed()
def segment_file(request, pk):
    segment = get_object_or_404(Segment.objects.select_related("camera__area__site__policy"),
                                pk=pk, state=SegmentState.SEALED)
    grant = access.playback_grant(request.user, segment.camera)
    if segment.end <= grant.start or segment.start >= grant.end:
        grant = access.authorize(request.user, segment.camera, segment.start, segment.end)
    path = storage.absolute(segment.path)
    if not path.exists():
        raise Http404
    services.segment_fetch_record(actor=request.user, segment=segment, basis=grant.basis)
    return file_response(request, path)


@require_POST
@allowed()
def segment_delete(request, pk):
    segment = get_object_or_404(Segment, pk=pk)
    services.segment_delete(actor=request.user, segment=segment)
    return redirect("recording:timeline", segment.camera_id)  # never reached: always refused


# --- holds -----------------------------------------------------------------------------


@allowed("recording.view_hold")
def hold_list(request):
    actions = ([{"url": reverse("recording:hold_create"), "label": _("New hold")}]
               if selectors.hold_place_refusal(request.user) is None else [])
    return render_list(
        request, title=_("Holds"),
        queryset=Hold.objects.prefetch_related("cameras").select_related("placed_by"),
        columns=[
            Column(_("reason"), lambda h: h.reason),
            Column(_("linked to"), lambda h: f"{h.get_link_kind_display()} {h.link_ref}"),
            Column(_("cameras"), lambda h: ", ".join(c.code for c in h.cameras.all())),
            Column(_("from"), lambda h: _local(h.start)),
            Column(_("until"), lambda h: _local(h.end)),
            Column(_("status"), lambda h: _("active") if h.active else _("released")),
        ],
        search_fields=["reason", "link_ref", "cameras__code"], url=lambda h: h.get_absolute_url(),
        actions=actions,
        filters=[Filter("active", _("status"), [("1", _("active")), ("0", _("released"))],
                        "released_at__isnull")],
    )


@allowed("recording.add_hold")
def hold_create(request):
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hold = services.hold_place(
            actor=request.user, cameras=data["cameras"], start=data["start"], end=data["end"],
            reason=data["reason"], link_kind=data["link_kind"], link_ref=data["link_ref"])
        messages.success(request, _("The footage is on hold."))
        return redirect(hold)
    return render(request, "form.html", {"form": form, "page_title": _("New hold"),
                                         "cancel_url": reverse("recording:hold_list")})


@allowed("recording.view_hold")
def hold_detail(request, pk):
    hold = get_object_or_404(Hold.objects.prefetch_related("cameras"), pk=pk)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hold_release(actor=request.user, hold=hold, note=form.cleaned_data["note"])
        messages.success(request, _("The hold is released."))
        return redirect(hold)
    return render(request, "recording/hold_detail.html", {
        "hold": hold, "form": form, "page_title": _("Hold #%(id)s") % {"id": hold.pk},
        "can_release": selectors.hold_release_refusal(request.user, hold) is None,
    })


# --- retention extensions ------------------------------------------------------------------


@allowed("recording.view_retentionextension")
def extension_list(request):
    actions = ([{"url": reverse("recording:extension_create"),
                 "label": _("Request longer retention")}]
               if selectors.extension_request_refusal(request.user) is None else [])
    return render_list(
        request, title=_("Retention extensions"),
        queryset=RetentionExtension.objects.select_related("camera", "requested_by__staff",
                                                           "decided_by"),
        columns=[
            Column(_("camera"), lambda e: str(e.camera)),
            Column(_("retention (days)"), lambda e: e.days),
            Column(_("reason"), lambda e: e.reason),
            Column(_("requested by"), lambda e: person_name(e.requested_by)),
            Column(_("status"), lambda e: e.get_status_display()),
        ],
        search_fields=["camera__code", "camera__name", "reason"],
        url=lambda e: reverse("recording:extension_detail", args=[e.pk]), actions=actions,
        filters=[Filter("status", _("status"), Decision.choices, "status")],
    )


@allowed(selectors.REQUEST_RETENTION_PERMISSION)
def extension_create(request):
    form = ExtensionForm(request.POST or None, initial={"camera": request.GET.get("camera")})
    if request.method == "POST" and form.is_valid():
        extension = services.extension_request(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The request awaits a leader's approval."))
        return redirect("recording:extension_detail", extension.pk)
    return render(request, "form.html", {"form": form, "page_title": _("Request longer retention"),
                                         "cancel_url": reverse("recording:extension_list")})


@allowed("recording.view_retentionextension")
def extension_detail(request, pk):
    extension = get_object_or_404(RetentionExtension.objects.select_related("camera"), pk=pk)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            raise Http404
        services.extension_decide(actor=request.user, extension=extension,
                                  approve=form.cleaned_data["decision"] == "approve")
        messages.success(request, _("Decision recorded."))
        return redirect("recording:extension_detail", extension.pk)
    return render_detail(
        request, title=_("Retention extension for %(camera)s") % {"camera": extension.camera},
        fields=[
            (_("camera"), str(extension.camera)),
            (_("retention (days)"), extension.days),
            (_("current retention (days)"), policy.retention_days(extension.camera)),
            (_("reason"), extension.reason),
            (_("requested by"), person_name(extension.requested_by)),
            (_("requested"), _local(extension.requested_at)),
            (_("status"), extension.get_status_display()),
            (_("decided by"), person_name(extension.decided_by)),
            (_("decided"), _local(extension.decided_at)),
        ],
        template="recording/extension_detail.html",
        extra={"extension": extension,
               "can_decide": selectors.extension_decide_refusal(
                   request.user, extension) is None},
    )
