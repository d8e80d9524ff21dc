"""A camera's reference picture (R-EQUIP-4): the current one, those it replaced, and the
room head's approval of the proposed picture or an upload."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.refusals import form_refusal
from watchroom.core.uploads import bounded_uploads
from watchroom.devices.models import Camera
from watchroom.health import references
from watchroom.health.forms import ReferenceForm
from watchroom.health.models import HealthCheck, ReferenceImage
from watchroom.health.selectors import references as selectors
from watchroom.health.services.references import reference_approve
from watchroom.recording.access import camera_scope_refusal
from watchroom.rules import RuleViolation

VIEW = "health.view_referenceimage"


@bounded_uploads(references.MAX_BYTES)
@allowed(VIEW)
def reference_camera(request, pk):
    camera = get_object_or_404(Camera.objects.select_related("area"), pk=pk)
    if refusal := camera_scope_refusal(request.user, camera):  # R-FOOT-6: its pictures
        raise refusal
    can_approve = selectors.reference_approve_refusal(request.user, camera) is None
    form = ReferenceForm(request.POST or None, request.FILES or None)
    violation = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check = None
        if data.get("check"):
            check = get_object_or_404(HealthCheck, pk=data["check"], camera=camera)
        try:
            reference_approve(actor=request.user, camera=camera, health_check=check,
                              picture=None if check else data["picture"].read())
        except RuleViolation as exc:
            if exc.fields:
                form_refusal(form, exc)
            else:
                violation = exc
        else:
            messages.success(request, _("The reference picture was approved."))
            return redirect("health:reference_camera", camera.pk)
    return render(request, "health/reference_camera.html", {
        "page_title": _("Reference picture of %(camera)s") % {"camera": camera},
        "camera": camera, "current": references.current_reference(camera),
        "history": selectors.reference_history(camera)[:50],
        "proposal": selectors.reference_proposal(camera),
        "awaiting": selectors.change_awaiting_reference(camera),
        "can_approve": can_approve, "form": form, "violation": violation,
    })


def _picture(path, suffix: str):
    if path is None or not path.is_file():
        raise Http404(_("The picture's file is missing."))
    kind = "image/png" if suffix.lower() == ".png" else "image/jpeg"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@allowed(VIEW)
def reference_picture(request, pk):
    reference = get_object_or_404(ReferenceImage.objects.select_related("camera__area"), pk=pk)
    if camera_scope_refusal(request.user, reference.camera):
        raise Http404
    path = references.reference_file(reference)
    return _picture(path, path.suffix)


@allowed(VIEW)
def reference_check_picture(request, pk):
    """A health check's picture, as proposed for a reference."""
    check = get_object_or_404(HealthCheck.objects.select_related("camera__area"), pk=pk)
    if camera_scope_refusal(request.user, check.camera):
        raise Http404
    path = references.check_picture_path(check)
    return _picture(path, path.suffix if path else "")
