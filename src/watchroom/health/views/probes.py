"""The health board: every camera's last probe at a glance, worst first; a camera's
history with its scores and pictures; the check-now button (R-EQUIP-3)."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.refusals import flash_refusal
from watchroom.core.times import WITH_SECONDS, local_text
from watchroom.devices.models import Camera
from watchroom.health import probe
from watchroom.health.forms import BoardFilter, ProbeNow
from watchroom.health.models import HealthCheck
from watchroom.health.names import CAUSES, CHECKS, STATUSES, cause_name
from watchroom.health.selectors import probes as selectors
from watchroom.health.services import probes as services
from watchroom.rules import RuleViolation

STATE_WORDS = {
    selectors.FAULT: ("danger", "✖"), selectors.WARNING: ("warn", "▲"),
    selectors.UNCHECKED: ("", "?"), selectors.EXCUSED: ("", "◐"), selectors.OK: ("ok", "✔"),
    selectors.NOT_WATCHED: ("", "–"),
}


def state_label(state: str) -> str:
    return {selectors.FAULT: _("Fault"), selectors.WARNING: _("Needs a look"),
            selectors.UNCHECKED: _("Not checked yet"), selectors.EXCUSED: _("Excused"),
            selectors.OK: _("Healthy"), selectors.NOT_WATCHED: _("Not probed")}[state]


@allowed(selectors.VIEW)
def board(request):
    form = BoardFilter(request.GET or None)
    area = problem = None
    if form.is_valid():
        area, problem = form.cleaned_data["area"], form.cleaned_data["problem"]
    rows = selectors.board(area=area, problem=problem or "")
    tiles = [{
        "camera": row.camera, "state": row.state, "label": state_label(row.state),
        "tone": STATE_WORDS[row.state][0], "icon": STATE_WORDS[row.state][1],
        "problems": [cause_name(p) for p in row.active],
        "excused": [cause_name(p) for p in (row.check.excused if row.check else {})],
        "checked": local_text(row.check.checked_at) if row.check else "",
    } for row in rows]
    counts = {state: sum(1 for row in rows if row.state == state)
              for state in (selectors.FAULT, selectors.WARNING, selectors.OK)}
    return render(request, "health/board.html", {
        "page_title": _("Camera health"), "form": form, "tiles": tiles, "counts": counts})


@allowed(selectors.VIEW)
def camera_history(request, pk):
    camera = get_object_or_404(Camera.objects.select_related("area__site"), pk=pk)
    show_pictures = selectors.picture_visible(request.user, camera)
    checks = []
    for check in selectors.history(camera):
        checks.append({
            "check": check, "at": local_text(check.checked_at, WITH_SECONDS),
            "problems": [cause_name(p) for p in check.problems],
            "excused": {cause_name(c): reason for c, reason in check.excused.items()},
            "verdicts": [{"name": CHECKS.get(name, name), "status": v.get("status"),
                          "label": STATUSES.get(v.get("status"), v.get("status")),
                          "score": v.get("score"), "threshold": v.get("threshold")}
                         for name, v in check.verdicts.items()],
            "picture": show_pictures and probe.picture_path(check.picture) is not None,
        })
    return render(request, "health/history.html", {
        "page_title": _("Health of %(camera)s") % {"camera": camera}, "camera": camera,
        "checks": checks, "show_pictures": show_pictures, "causes": CAUSES,
        "can_probe": selectors.health_probe_request_refusal(request.user, camera) is None,
    })


@allowed(selectors.VIEW)
def picture(request, pk):
    """A probe's picture, for those who may see the camera (R-FOOT-6)."""
    check = get_object_or_404(HealthCheck.objects.select_related("camera__area"), pk=pk)
    if not selectors.picture_visible(request.user, check.camera):
        raise Http404
    path = probe.picture_path(check.picture)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@allowed(selectors.PROBE)
def probe_now(request, pk):
    camera = get_object_or_404(Camera, pk=pk)
    form = ProbeNow(request.POST)
    if form.is_valid():
        try:
            services.health_probe_request(actor=request.user, camera=camera)
            messages.success(request, _("The camera will be checked in a moment; reload "
                                        "this page to see the result."))
        except RuleViolation as exc:
            flash_refusal(request, exc)
    return redirect("health:camera", pk=camera.pk)
