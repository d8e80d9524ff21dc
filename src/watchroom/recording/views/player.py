"""Range playback: the player page, its playlist and every segment it loads. Each one
asks the access policy (`recording.access`) through the services: the page and the
playlist for every camera shown, and each segment request for exactly its part."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from watchroom.core.decorators import allowed
from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.recording import access, copies_ahead, playlists, services, storage, viewing_copies
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment
from watchroom.recording.serving import file_response
from watchroom.rules import RuleViolation

logger = logging.getLogger("watchroom.recording")
MAX_CAMERAS = 4
SPEEDS = (0.5, 1, 2, 4, 8)
RETRY_AFTER_S = 3


def chosen_cameras(request, first: int, allowed_ids=None) -> list[int]:
    """The first camera and those added with `?camera=` (at most four, no repeats)."""
    ids = [first]
    for value in request.GET.getlist("camera"):
        if value.isdigit() and int(value) not in ids and (
                allowed_ids is None or int(value) in allowed_ids):
            ids.append(int(value))
    return ids[:MAX_CAMERAS]


def player_strings() -> dict:
    return {
        "play": pgettext("player", "Play"), "pause": _("Pause"), "speed": _("Speed"),
        "recorded": _("Recorded"), "gap": _("No recording"), "held": _("On hold"),
        "outside": _("Outside what you may watch"), "loading": _("Loading…"),
        "refused": _("Refused: outside what you may watch."),
        "failed": _("This part could not be played."),
        "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"),
        "no_footage": _("There is no recording in this range."),
        "transcoded": _("H.265 shown as an H.264 viewing copy"),
        "preparing": _("Preparing a viewing copy of this part…"),
        "master": _("master clock"), "remove": _("Remove"),
    }


def player_context(request, *, basis: str, cameras: list[Camera], addable, title: str,
                   intro: str, back_url: str = "", back_label: str = "") -> dict:
    """What the player page needs: the playlist's address (the page holds no footage of
    its own), the cameras that may be added, and its words."""
    ids = [c.pk for c in cameras]
    query = urlencode([("basis", basis), *(("camera", i) for i in ids)])
    base = request.path
    return {
        "page_title": title, "intro": intro, "cameras": cameras, "basis": basis,
        "playlist_url": reverse("recording:playlist") + "?" + query,
        "addable": [c for c in addable if c.pk not in ids] if len(ids) < MAX_CAMERAS else [],
        "kept": ids[1:], "base_url": base,
        "remove_urls": [(c, base + "?" + urlencode([("camera", i) for i in ids[1:]
                                                    if i != c.pk])) for c in cameras[1:]],
        "player": {"strings": player_strings(), "speeds": SPEEDS,
                   "playlist": reverse("recording:playlist") + "?" + query},
        "back_url": back_url, "back_label": back_label,
    }


@allowed(access.PLAYBACK_CHECK)
def playback(request, pk):
    """The playback check (R-DUTY-5): the last N minutes of up to four cameras."""
    camera = get_object_or_404(Camera.objects.select_related("area__site__policy"), pk=pk)
    visible = access.visible_cameras(request.user).filter(
        area__site=camera.area.site_id).order_by("code")
    ids = chosen_cameras(request, camera.pk, set(visible.values_list("pk", flat=True)))
    cameras = [camera, *Camera.objects.select_related("area__site__policy")
               .filter(pk__in=ids[1:])]
    cameras.sort(key=lambda c: ids.index(c.pk))
    for shown in cameras:  # each refused out of scope (R-FOOT-6), each opening audited
        services.playback_open(actor=request.user, camera=shown)
    grant = access.playback_grant(request.user, camera)
    minutes = camera.area.site.policy.playback_check_minutes
    intro = _("The last %(minutes)s minutes (%(start)s – %(end)s). This viewing is recorded "
              "in the audit trail.") % {"minutes": minutes,
                                        "start": local_text(grant.start, "%H:%M:%S"),
                                        "end": local_text(grant.end, "%H:%M:%S")}
    return render(request, "recording/player.html", player_context(
        request, basis=access.PLAYBACK_CHECK_BASIS, cameras=cameras, addable=visible,
        title=_("Playback check: %(camera)s") % {"camera": camera}, intro=intro,
        back_url=reverse("recording:timeline", args=[camera.pk]),
        back_label=_("Back to the recordings")))


def _refused(exc: RuleViolation) -> JsonResponse:
    return JsonResponse({"rule": exc.rule_id, "detail": str(exc.message), "fields": {}},
                        status=exc.status)


@allowed()
def playlist(request):
    """The plan of what the player may load (JSON), for the cameras asked on one basis."""
    basis = request.GET.get("basis", access.PLAYBACK_CHECK_BASIS)
    ids = [int(v) for v in request.GET.getlist("camera") if v.isdigit()][:MAX_CAMERAS]
    found = {c.pk: c for c in Camera.objects.select_related("area__site__policy")
             .filter(pk__in=ids)}
    cameras = [found[i] for i in dict.fromkeys(ids) if i in found]
    if not cameras:
        raise Http404
    try:
        entitled = services.playlist_open(actor=request.user, cameras=cameras, basis=basis)
    except RuleViolation as exc:  # refused and audited by the service
        return _refused(exc)
    planned = playlists.plan(cameras, entitled, basis)
    h264 = request.GET.get("copy") == "h264"
    for camera in planned["cameras"]:
        # copies made ahead: a browser without H.265 needs the next segments'; any browser
        # needs them for H.265 parts cut at the range's edges (cuts are made of H.264)
        ids = list(dict.fromkeys(part["id"] for part in camera["segments"]
                                 if h264 or part["cut"]))
        found = Segment.objects.in_bulk(ids)
        copies_ahead.prepare([found[i] for i in ids if i in found],
                             limit=None if h264 else len(ids))
    response = JsonResponse(planned)
    response["Cache-Control"] = "private, no-store"
    return response


@allowed()
def segment_file(request, pk):
    """One segment's entitled part: `basis`, `from` and `until` (ms) name it; anything
    outside what the access policy grants is refused and audited. `copy=h264` asks an
    H.265 segment's H.264 viewing copy."""
    segment = get_object_or_404(Segment.objects.select_related("camera__area__site__policy"),
                                pk=pk, state=SegmentState.SEALED)
    basis = request.GET.get("basis", access.PLAYBACK_CHECK_BASIS)
    try:
        start, end = playlists.requested_part(segment, request.GET.get("from"),
                                              request.GET.get("until"))
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not request.GET.get("from") and not request.GET.get("until"):
        # an address without a part asks for what is entitled of the segment; when nothing
        # is, the whole segment is asked and the service refuses it
        try:
            spans = access.entitlement(request.user, segment.camera, segment.start,
                                       segment.end, basis=basis).spans
        except RuleViolation:
            spans = ()
        if spans:
            start, end = spans[0].start, spans[0].end
    return serve_part(request, segment, basis, start, end)


def _preparing(request, segment, basis: str, h264: bool) -> JsonResponse:
    """The copy is queued (asked as H.264: with the next segments' the person may watch on
    the same basis, R-FOOT-3); the player asks again after Retry-After seconds and shows
    the preparing state meanwhile."""
    following = [segment]
    if h264:
        following = _entitled(request.user, basis, list(Segment.objects.filter(
            camera=segment.camera_id, state=SegmentState.SEALED, start__gte=segment.start)
            .select_related("camera").order_by("start")
            [:settings.WATCHROOM["PLAYBACK_COPY_AHEAD"]])) or [segment]
    copies_ahead.prepare(following, limit=len(following))
    response = JsonResponse({"state": "preparing", "retry_after": RETRY_AFTER_S,
                             "detail": _("Preparing a viewing copy of this part…")},
                            status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    response["Cache-Control"] = "private, no-store"
    return response


def _entitled(user, basis: str, segments: list) -> list:
    """Those of one camera's `segments` (in time order) with a part `user` may watch on
    `basis`."""
    if not segments:
        return []
    try:
        spans = access.entitlement(user, segments[0].camera, segments[0].start,
                                   segments[-1].end, basis=basis).spans
    except RuleViolation:
        return []
    return [s for s in segments if any(g.start < s.end and s.start < g.end for g in spans)]


def serve_part(request, segment, basis, start, end):
    """Serve what is entitled of [start, end) of `segment` on `basis`, after the service
    allowed and recorded it (a refusal escapes as the 403 page, audited). The part served
    is named in X-Part-Start and X-Part-End (ms), where the player places it."""
    part = services.segment_play(actor=request.user, segment=segment, basis=basis,
                                 start=start, end=end)
    path = storage.absolute(segment.path)
    if not path.exists():
        raise Http404
    h264 = request.GET.get("copy") == "h264"
    try:
        served = viewing_copies.served_file(segment, part.start, part.end, h264=h264)
    except viewing_copies.Preparing:
        return _preparing(request, segment, basis, h264)
    except (viewing_copies.SegmentChanged, viewing_copies.CutError) as exc:
        logger.error("segment %s not played: %s", segment.pk, exc)
        raise Http404 from exc
    response = file_response(request, served.path)
    response["X-Codec"] = served.codec
    response["X-Transcoded"] = "1" if served.transcoded else "0"
    response["X-Part-Start"] = str(playlists.ms_ceil(part.start))
    response["X-Part-End"] = str(playlists.ms(part.end))
    response["Cache-Control"] = "private, no-store"
    return response
