"""The areas' floor plans: the plan of an area, its editor (upload, and cameras placed
by dragging or with the arrow keys), the picture itself, and the fragment the wall
shows (only the cameras the person may see, R-FOOT-6)."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.models import Area
from watchroom.core.refusals import flash_refusal
from watchroom.core.validation import invalid
from watchroom.devices import floor_plans, services
from watchroom.devices.forms import CameraPlaceForm, CameraUnplaceForm, FloorPlanUploadForm
from watchroom.devices.models import Camera, FloorPlan
from watchroom.devices.plan_images import MAX_BYTES
from watchroom.rules import RuleViolation


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}"


def plan_context(user, area: Area, *, editable: bool = False) -> dict:
    """What the plan's template needs: the picture and the markers `user` may see."""
    plan = floor_plans.current_plan(area)
    markers = []
    unplaced = []
    if plan is not None:
        placed = {p.camera_id: p for p in floor_plans.placements(plan, user)}
        for camera in floor_plans.visible_cameras(user, area):
            place = placed.get(camera.pk)
            item = {"camera": camera, "url": camera.get_absolute_url()}
            if place is not None:
                markers.append({**item, "x": place.x, "y": place.y,
                                "left": _percent(place.x), "top": _percent(place.y)})
            elif editable:
                unplaced.append(item)
    return {"area": area, "plan": plan, "markers": markers, "unplaced": unplaced,
            "editable": editable}


def _area(pk: int) -> Area:
    return get_object_or_404(Area.objects.select_related("site"), pk=pk)


def _camera(user, pk: int) -> Camera:
    """The camera, or 404 where it does not exist or lies outside the person's knowledge
    scope (R-FOOT-6): a refusal naming it would tell what it is."""
    camera = get_object_or_404(Camera.objects.select_related("area"), pk=pk)
    if not floor_plans.area_may_see(user, camera.area):
        raise Http404
    return camera


@allowed(floor_plans.VIEW)
def floor_plan(request, pk: int):
    area = _area(pk)
    context = plan_context(request.user, area)
    may_edit = (floor_plans.floor_plan_upload_refusal(request.user, area) is None
                or floor_plans.camera_place_refusal(request.user, context["plan"]) is None)
    return render(request, "devices/floor_plan.html", {
        **context, "may_edit": may_edit,
        "earlier": floor_plans.earlier_plans(area),
        "page_title": _("Floor plan: %(area)s") % {"area": area.name}})


@allowed(floor_plans.VIEW)
def floor_plan_fragment(request, pk: int):
    """The plan with its markers, for the wall to place in its page."""
    area = _area(pk)
    return render(request, "devices/partials/floor_plan.html",
                  plan_context(request.user, area))


@allowed(floor_plans.VIEW)
def floor_plan_edit(request, pk: int):
    area = _area(pk)
    context = plan_context(request.user, area, editable=True)
    upload_refusal = floor_plans.floor_plan_upload_refusal(request.user, area)
    place_refusal = floor_plans.camera_place_refusal(request.user, context["plan"])
    if upload_refusal is not None and place_refusal is not None and context["plan"]:
        raise place_refusal
    if upload_refusal is not None and context["plan"] is None:
        raise upload_refusal
    return render(request, "devices/floor_plan_edit.html", {
        **context, "may_place": place_refusal is None,
        "upload_form": FloorPlanUploadForm() if upload_refusal is None else None,
        "page_title": _("Edit the floor plan: %(area)s") % {"area": area.name}})


@require_POST
@allowed(floor_plans.UPLOAD)
def floor_plan_upload(request, pk: int):
    area = _area(pk)
    form = FloorPlanUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("devices:floor_plan_edit", pk=area.pk)
    upload = form.cleaned_data["file"]
    try:
        # Read one byte past the limit: a larger file is refused without reading it all.
        content = upload.read(MAX_BYTES + 1)
        services.floor_plan_upload(actor=request.user, area=area, name=upload.name,
                                   content=content)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("The floor plan of %(area)s was saved.") % {
            "area": area.name})
    return redirect("devices:floor_plan_edit", pk=area.pk)


@require_POST
@allowed(floor_plans.PLACE)
def camera_place(request, pk: int):
    """Answers JSON: the place saved, or the refusal {"rule", "detail", "fields"}."""
    area = _area(pk)
    form = CameraPlaceForm(request.POST)
    try:
        if not form.is_valid():
            raise invalid("R-EQUIP-1", {k: list(v) for k, v in form.errors.items()})
        camera = _camera(request.user, form.cleaned_data["camera"])
        place = services.camera_place(
            actor=request.user, area=area, camera=camera, x=form.cleaned_data["x"],
            y=form.cleaned_data["y"])
    except RuleViolation as exc:
        return JsonResponse({"rule": exc.rule_id, "detail": exc.message,
                             "fields": exc.fields or {}}, status=exc.status)
    return JsonResponse({"camera": camera.pk, "x": place.x, "y": place.y})


@require_POST
@allowed(floor_plans.PLACE)
def camera_unplace(request, pk: int):
    """Takes a camera off the plan; answers JSON like camera_place."""
    area = _area(pk)
    form = CameraUnplaceForm(request.POST)
    try:
        if not form.is_valid():
            raise invalid("R-EQUIP-1", {k: list(v) for k, v in form.errors.items()})
        camera = _camera(request.user, form.cleaned_data["camera"])
        services.camera_unplace(actor=request.user, area=area, camera=camera)
    except RuleViolation as exc:
        return JsonResponse({"rule": exc.rule_id, "detail": exc.message,
                             "fields": exc.fields or {}}, status=exc.status)
    return JsonResponse({"camera": camera.pk, "placed": False})


@allowed(floor_plans.VIEW)
def floor_plan_image(request, pk: int):
    plan = get_object_or_404(FloorPlan, pk=pk)
    path = floor_plans.file_of(plan)
    if not path.is_file():
        raise Http404(_("The floor plan's file is missing."))
    response = FileResponse(path.open("rb"), content_type=plan.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def area_links(user, place) -> list[dict]:
    """The floor plan's link on an area's page (lent to core)."""
    if not isinstance(place, Area) or not user.has_perm(floor_plans.VIEW):
        return []
    return [{"url": reverse("devices:floor_plan", args=[place.pk]), "label": _("Floor plan")}]
