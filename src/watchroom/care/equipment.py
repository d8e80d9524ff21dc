"""Any item of the equipment archive, named the way alerts and audit events name it:
its model's label ("devices.camera") and its id. Kinds added later (a switch, a UPS)
are equipment because their model derives from devices.models.Equipment."""

from django.apps import apps

from watchroom.core.models import MonitoringRoom
from watchroom.devices.models import Camera, Equipment, Recorder, Storage


def label_of(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def is_equipment_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, Equipment)


def load(equipment_type: str, equipment_id) -> Equipment | None:
    """The item, or None when the label is not an equipment kind or the row is gone."""
    try:
        model = apps.get_model(equipment_type)
    except (LookupError, ValueError):
        return None
    if not is_equipment_model(model):
        return None
    try:
        return model.objects.filter(pk=int(equipment_id)).first()
    except (TypeError, ValueError):
        return None


def parse(value: str) -> Equipment | None:
    """"devices.camera:12" → the camera, or None."""
    kind, _sep, ident = str(value).rpartition(":")
    return load(kind, ident) if kind else None


def key_of(obj) -> str:
    return f"{label_of(obj)}:{obj.pk}"


def models() -> list:
    return [m for m in apps.get_models() if is_equipment_model(m)]


def site_of(obj):
    """The site an item belongs to: its own, its area's or its room's."""
    for path in ("site", "area", "room"):
        value = getattr(obj, path, None)
        if value is None:
            continue
        return value if path == "site" else getattr(value, "site", None)
    return None


def rooms_of(obj):
    """The monitoring rooms whose heads answer for the item: a display's own room,
    otherwise every room of its site."""
    room = getattr(obj, "room", None)
    if room is not None:
        return MonitoringRoom.objects.filter(pk=room.pk)
    site = site_of(obj)
    return MonitoringRoom.objects.filter(site=site, active=True) if site else \
        MonitoringRoom.objects.none()


def cameras_of(obj):
    """The cameras whose recordings show that the item works: a camera itself, the
    cameras on a recorder, the cameras on a storage's recorder."""
    if isinstance(obj, Camera):
        return Camera.objects.filter(pk=obj.pk)
    if isinstance(obj, Recorder):
        return Camera.objects.filter(recorder=obj)
    if isinstance(obj, Storage) and obj.recorder_id:
        return Camera.objects.filter(recorder_id=obj.recorder_id)
    return Camera.objects.none()
