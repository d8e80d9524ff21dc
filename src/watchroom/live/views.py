"""The wall's page and the small JSON endpoints its script talks to: the camera tree, the
cameras' states, opening a live view, saving a layout and the report (R-INC-1). Every
camera a person may not see (R-FOOT-6) is absent from all of them."""

from django.contrib.staticfiles import finders
from django.http import JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from watchroom.core.decorators import allowed
from watchroom.core.security_headers import live_origin
from watchroom.core.times import local_text, utc_iso
from watchroom.core.uploads import bounded_uploads
from watchroom.duty.pictures import MAX_BYTES
from watchroom.live import selectors, services
from watchroom.live.forms import LayoutForm, LiveOpenForm, ReportForm
from watchroom.rules import RuleViolation

STATES_MAX = 64  # cameras per state request: a 16-tile wall and a floor plan


def _refused(exc: RuleViolation) -> JsonResponse:
    body = {"rule": exc.rule_id, "detail": str(exc.message)}
    if exc.fields:
        body["fields"] = exc.fields
    return JsonResponse(body, status=exc.status)


def _bad_form(form) -> JsonResponse:
    fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    return JsonResponse({"rule": "R-INC-1", "detail": _("The input is not valid."),
                         "fields": fields}, status=400)


def _floor_plan_url(area_pk: int) -> str:
    """The floor plan's fragment of an area, where the floor plans are installed."""
    try:
        return reverse("devices:floor_plan_fragment", args=[area_pk])
    except NoReverseMatch:
        return ""


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@allowed(selectors.WATCH)
def wall(request):
    room = selectors.room_of(request.user)
    layout, source = selectors.wall_layout_of(request.user, room)
    tree = selectors.camera_tree(request.user)
    cameras = {c["id"]: c for s in tree for a in s["areas"] for c in a["cameras"]}
    plans = [{"area": a["name"], "url": url} for s in tree for a in s["areas"]
             if (url := _floor_plan_url(a["id"]))]
    config = {
        "layout": selectors.layout_for_viewer(layout, request.user), "source": source,
        "cameras": cameras, "zone": selectors.clock_zone(), "serverTime": utc_iso(
            timezone.now()),
        "urls": {"states": reverse("live:states"), "open": reverse("live:open"),
                 "layout": reverse("live:layout"), "report": reverse("live:report")},
        "canReport": selectors.wall_report_refusal(request.user) is None,
        "canSetRoom": room is not None
        and selectors.wall_layout_save_refusal(request.user, room) is None,
        "maxPicture": MAX_BYTES,
        "words": {
            "saved": _("Layout saved."), "roomSaved": _("The room's layout is saved."),
            "reported": _("Reported in the duty log."),
            "noCamera": _("Choose a tile with a camera first."),
            "unsupported": _("This browser cannot play live video."),
            "connecting": _("Connecting"), "refused": _("Refused"),
            "recording": _("recording"), "notRecording": _("not recording"),
            "seenAt": _("%(camera)s (%(area)s) at %(time)s: "),
        },
    }
    return render(request, "live/wall.html", {
        "alert_feed": _template_exists("alerts/partials/alert_feed.html"),
        "floorplan_js": bool(finders.find("watchroom/floorplan.js")),
        "tree": tree, "config": config, "room": room, "feed_room": room, "source": source,
        "grid_sizes": [1, 4, 9, 16], "plans": plans,
        "now_text": local_text(timezone.now(), "%Y-%m-%d %H:%M:%S"),
        "page_title": _("Video wall")})


@require_GET
@allowed(selectors.WATCH)
def tree(request):
    return JsonResponse({"sites": selectors.camera_tree(request.user)})


@require_GET
@allowed(selectors.WATCH)
def states(request):
    """{camera id: {state, label, recording, since, detail}} for the cameras asked for
    that the person may see; polled by the wall every two seconds."""
    ids = [int(p) for p in request.GET.get("cameras", "").split(",")[:STATES_MAX]
           if p.isdigit()]
    found = selectors.camera_states(request.user, ids)
    return JsonResponse({"cameras": {str(pk): s for pk, s in found.items()},
                         "at": utc_iso(timezone.now())})


@require_POST
@allowed(selectors.WATCH)
def open_view(request):
    """A viewing session and the address of its stream at the recorder's live server."""
    form = LiveOpenForm(request.POST)
    if not form.is_valid():
        return _bad_form(form)
    camera = form.cleaned_data["camera"]
    try:
        session, ticket = services.live_view_open(
            actor=request.user, camera=camera, stream=form.cleaned_data["stream"] or "main",
            codec=form.cleaned_data["codec"] or "")
    except RuleViolation as exc:
        return _refused(exc)
    status = selectors.live_status(camera.pk)
    origin = live_origin(request, getattr(status, "live_url", "") or "")
    return JsonResponse({"url": f"{origin}/live/{camera.pk}/{session.stream}.mp4?t={ticket}",
                         "session": session.pk, "stream": session.stream})


@require_POST
@allowed(selectors.WATCH)
def layout(request):
    form = LayoutForm(request.POST)
    if not form.is_valid():
        return _bad_form(form)
    data = form.cleaned_data
    room = selectors.room_of(request.user) if data["room"] else None
    try:
        saved = services.wall_layout_save(actor=request.user, grid=data["grid"],
                                          pages=data["pages"],
                                          cycle_seconds=data["cycle_seconds"] or 0, room=room)
    except RuleViolation as exc:
        return _refused(exc)
    return JsonResponse({"layout": selectors.layout_for_viewer(saved, request.user),
                         "source": "room" if room else "person"})


@bounded_uploads(MAX_BYTES)
@require_POST
@allowed(selectors.WATCH)
def report(request):
    """R-INC-1: the report key's dialog writes the anomaly entry with the tile's picture.
    Only MAX_BYTES + 1 bytes of the picture are kept, enough for the service to refuse a
    picture too large (audited)."""
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _bad_form(form)
    data = form.cleaned_data
    try:
        entry = services.wall_report(actor=request.user, camera=data["camera"],
                                     picture=data["picture"].read(), seen=data["seen"],
                                     done=data["done"], told=data["told"], at=data["at"])
    except RuleViolation as exc:
        return _refused(exc)
    return JsonResponse({"entry": entry.pk, "log": reverse("duty:log", args=[entry.room_id]),
                         "picture": entry.picture.sha256})
