"""Writes of the areas' floor plans, each with its audit event: uploading a plan
(the replaced one keeps its record and file) and placing a camera on it."""

import hashlib
import uuid
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.files import durable_write
from watchroom.core.models import Area
from watchroom.core.validation import invalid
from watchroom.devices import plan_images
from watchroom.devices.floor_plans import (
    camera_place_refusal,
    current_plan,
    floor_plan_upload_refusal,
    plans_dir,
)
from watchroom.devices.models import Camera, CameraPlacement, FloorPlan
from watchroom.service import service

RULE = "R-EQUIP-1"


def _refuse(refusal) -> None:
    if refusal is not None:
        raise refusal


@service
def floor_plan_upload(*, actor, area: Area, name: str, content: bytes) -> FloorPlan:
    """A new floor plan for `area`: checked to be a real PNG or JPEG picture within the
    size allowed (SVG refused), stored under the data folder with its SHA-256. The plan
    it replaces keeps its record, marked replaced; the cameras keep their places."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    _refuse(floor_plan_upload_refusal(actor, area))
    try:
        image = plan_images.inspect(content)
    except plan_images.NotAPlan as exc:
        raise invalid(RULE, {"file": [str(exc)]}) from None
    now = timezone.now()
    relpath = f"{area.pk}/{uuid.uuid4().hex}{plan_images.SUFFIX[image.content_type]}"
    previous = current_plan(area)
    if previous is not None:
        previous.replaced_at = now
        previous.save(update_fields=["replaced_at"])
    plan = FloorPlan.objects.create(
        area=area, name=Path(name or "plan").name[:200], content_type=image.content_type,
        path=relpath, bytes=len(content), sha256=hashlib.sha256(content).hexdigest(),
        width=image.width, height=image.height, uploaded_by=actor, uploaded_at=now)
    carried = []
    if previous is not None:
        for place in previous.placements.all():
            carried.append(CameraPlacement.objects.create(
                plan=plan, camera_id=place.camera_id, x=place.x, y=place.y,
                placed_by=place.placed_by, placed_at=place.placed_at))
    path = plans_dir() / relpath
    durable_write(path, content)
    audit_record(actor=actor, action="floor_plan.uploaded", target=plan, data={
        "area": area.code, "name": plan.name, "type": plan.content_type, "bytes": plan.bytes,
        "sha256": plan.sha256, "width": plan.width, "height": plan.height,
        "replaces": previous.pk if previous else None, "cameras_kept": len(carried)})
    return plan


def _position_problems(x, y) -> dict[str, list[str]]:
    problems = {}
    for field, value in (("x", x), ("y", y)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            problems[field] = [_("Enter a number between 0 and 1.")]
            continue
        if not 0.0 <= number <= 1.0 or number != number:
            problems[field] = [_("The position must lie on the plan: between 0 and 1.")]
    return problems


@service
def camera_place(*, actor, area: Area, camera: Camera, x: float, y: float,
                 plan: FloorPlan | None = None) -> CameraPlacement:
    """Put `camera` at (`x`, `y`) on `area`'s current floor plan, as fractions of the
    plan's width and height. A caller naming the `plan` it places on is refused when that
    plan was replaced meanwhile."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    current = current_plan(area)
    if plan is None or (current is not None and plan.pk == current.pk):
        plan = current
    _refuse(camera_place_refusal(actor, plan))
    problems = _position_problems(x, y)
    if camera.area_id != plan.area_id:
        problems["camera"] = [_("%(camera)s watches another area.") % {"camera": camera.code}]
    if problems:
        raise invalid(RULE, problems)
    x, y = round(float(x), 4), round(float(y), 4)
    place = CameraPlacement.objects.filter(plan=plan, camera=camera).first()
    before = (place.x, place.y) if place else None
    if place is None:
        place = CameraPlacement(plan=plan, camera=camera)
    place.x, place.y = x, y
    place.placed_by, place.placed_at = actor, timezone.now()
    place.save()
    audit_record(actor=actor, action="camera.placed", target=camera, data={
        "plan": plan.pk, "area": plan.area.code, "x": x, "y": y,
        "before": list(before) if before else None})
    return place


@service
def camera_unplace(*, actor, area: Area, camera: Camera, plan: FloorPlan | None = None
                   ) -> None:
    """Take `camera` off `area`'s current floor plan (back among the cameras not yet
    placed); the same people as place it, on the same conditions."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    current = current_plan(area)
    if plan is None or (current is not None and plan.pk == current.pk):
        plan = current
    _refuse(camera_place_refusal(actor, plan))
    place = CameraPlacement.objects.filter(plan=plan, camera=camera).first()
    if place is None:
        raise invalid(RULE, {"camera": [_("%(camera)s is not placed on this plan.") % {
            "camera": camera.code}]})
    before = [place.x, place.y]
    place.delete()
    audit_record(actor=actor, action="camera.unplaced", target=camera, data={
        "plan": plan.pk, "area": plan.area.code, "before": before})
