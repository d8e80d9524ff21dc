"""Reads and refusals of the areas' floor plans: the current plan of an area, where it
lies on disk, the cameras a person may see on it (R-FOOT-6), and what stops a person
from uploading a plan or placing a camera."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from watchroom.core.models import Area
from watchroom.core.selectors import scoped_areas
from watchroom.devices.models import Camera, CameraPlacement, FloorPlan
from watchroom.rules import RuleViolation

UPLOAD = "devices.add_floorplan"
PLACE = "devices.change_floorplan"
VIEW = "devices.view_floorplan"


def plans_dir() -> Path:
    return Path(settings.WATCHROOM["FLOOR_PLANS_DIR"])


def file_of(plan: FloorPlan) -> Path:
    return plans_dir() / plan.path


def current_plan(area: Area) -> FloorPlan | None:
    return area.floor_plans.filter(replaced_at__isnull=True).first()


def earlier_plans(area: Area):
    return area.floor_plans.exclude(replaced_at__isnull=True).select_related(
        "uploaded_by__staff").order_by("-uploaded_at", "-pk")


def area_may_see(user, area: Area) -> bool:
    """R-FOOT-6: the one knowledge-scope test (core.selectors), applied to an area."""
    return scoped_areas(user, Area.objects.filter(pk=area.pk)).exists()


def visible_cameras(user, area: Area):
    """The area's cameras `user` may see (R-FOOT-6): all of them or, for a
    privacy-sensitive area outside the user's knowledge scope, none."""
    cameras = Camera.objects.filter(area=area).order_by("code")
    return cameras if area_may_see(user, area) else cameras.none()


def placements(plan: FloorPlan, user=None):
    """The cameras placed on `plan`, only those `user` may see when a user is named."""
    found = CameraPlacement.objects.filter(plan=plan).select_related("camera").order_by(
        "camera__code")
    if user is not None and not area_may_see(user, plan.area):
        return found.none()
    return found


def floor_plan_upload_refusal(actor, area: Area) -> RuleViolation | None:
    """What stops `actor` from uploading `area`'s floor plan, or None (the room head or
    an administrator uploads; a deactivated area takes none)."""
    if not actor.has_perm(UPLOAD):
        return RuleViolation("R-SEC-1", _(
            "Only a room head or an administrator uploads floor plans."), status=403)
    if not area.active:
        return RuleViolation("R-EQUIP-1", _(
            "%(area)s is deactivated and takes no new floor plan.") % {"area": area.name},
            status=409)
    return None


def camera_place_refusal(actor, plan: FloorPlan | None) -> RuleViolation | None:
    """What stops `actor` from placing cameras on `plan`, or None: a room head or an
    administrator, on an area's current plan, who may see the area's cameras."""
    if not actor.has_perm(PLACE):
        return RuleViolation("R-SEC-1", _(
            "Only a room head or an administrator places cameras on floor plans."),
            status=403)
    if plan is None:
        return RuleViolation("R-EQUIP-1", _("Upload the area's floor plan first."),
                             status=409)
    if plan.replaced_at is not None:
        return RuleViolation("R-EQUIP-1", _(
            "This floor plan was replaced; place cameras on the current one."), status=409)
    if not area_may_see(actor, plan.area):
        return RuleViolation("R-FOOT-6", _(
            "%(area)s is privacy-sensitive; only the people of its knowledge scope place "
            "its cameras.") % {"area": plan.area.name}, status=403)
    return None
