"""Reads of the equipment archive (R-EQUIP-1)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from watchroom.core.models import Area, MonitoringRoom, Site
from watchroom.devices.models import Camera, Display, NetworkDevice, PowerSupply, Recorder, Storage
from watchroom.rules import RuleViolation


def camera_list() -> QuerySet[Camera]:
    return Camera.objects.select_related("area__site", "area__department", "recorder")


def recorder_list() -> QuerySet[Recorder]:
    return Recorder.objects.select_related("site")


def storage_list() -> QuerySet[Storage]:
    return Storage.objects.select_related("site", "recorder")


def display_list() -> QuerySet[Display]:
    return Display.objects.select_related("room__site")


def network_device_list() -> QuerySet[NetworkDevice]:
    return NetworkDevice.objects.select_related("site")


def power_supply_list() -> QuerySet[PowerSupply]:
    return PowerSupply.objects.select_related("site")


def manual_upload_refusal(actor, equipment) -> RuleViolation | None:
    """R-EQUIP-1: who may change an item may attach its manual (the system itself may)."""
    perm = f"devices.change_{equipment._meta.model_name}"
    if hasattr(actor, "has_perm") and not actor.has_perm(perm):
        return RuleViolation("R-EQUIP-1", _("You may not attach manuals to this equipment."),
                             status=403)
    return None


# Filters go by code: a code in a query string can never break the query, an id could.
def site_choices() -> list[tuple[str, str]]:
    return list(Site.objects.values_list("code", "name"))


def area_choices() -> list[tuple[str, str]]:
    return [(a.code, f"{a.site.name} · {a.name}") for a in Area.objects.select_related("site")]


def recorder_choices() -> list[tuple[str, str]]:
    return [(r.code, str(r)) for r in Recorder.objects.only("code", "name")]


def room_choices() -> list[tuple[str, str]]:
    return list(MonitoringRoom.objects.values_list("code", "name"))
