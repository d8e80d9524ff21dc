"""Reads of the equipment archive (R-EQUIP-1)."""

from django.db.models import QuerySet

from watchroom.core.models import Area, MonitoringRoom, Site
from watchroom.devices.models import Camera, Display, Recorder, Storage


def camera_list() -> QuerySet[Camera]:
    return Camera.objects.select_related("area__site", "area__department", "recorder")


def recorder_list() -> QuerySet[Recorder]:
    return Recorder.objects.select_related("site")


def storage_list() -> QuerySet[Storage]:
    return Storage.objects.select_related("site", "recorder")


def display_list() -> QuerySet[Display]:
    return Display.objects.select_related("room__site")


# Filters go by code: a code in a query string can never break the query, an id could.
def site_choices() -> list[tuple[str, str]]:
    return list(Site.objects.values_list("code", "name"))


def area_choices() -> list[tuple[str, str]]:
    return [(a.code, f"{a.site.name} · {a.name}") for a in Area.objects.select_related("site")]


def recorder_choices() -> list[tuple[str, str]]:
    return [(r.code, str(r)) for r in Recorder.objects.only("code", "name")]


def room_choices() -> list[tuple[str, str]]:
    return list(MonitoringRoom.objects.values_list("code", "name"))
