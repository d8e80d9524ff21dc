"""How long a camera's footage is kept, and which cameras this machine records."""

import datetime as dt

from django.db.models import Max

from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Camera
from watchroom.recording.choices import Decision


def retention_days(camera: Camera) -> int:
    """R-REC-1: the policy's minimum, or longer where a leader approved it; never shorter."""
    floor = camera.area.site.policy.retention_days
    extended = camera.retention_extensions.filter(status=Decision.APPROVED).aggregate(
        days=Max("days"))["days"]
    return max(floor, extended or 0)


def retention_days_of(cameras: list[Camera]) -> dict[int, int]:
    """retention_days for several cameras, in one query."""
    from watchroom.recording.models import RetentionExtension

    extended = dict(RetentionExtension.objects.filter(
        camera__in=cameras, status=Decision.APPROVED).order_by().values("camera").annotate(
            days=Max("days")).values_list("camera", "days"))
    return {camera.pk: max(camera.area.site.policy.retention_days, extended.get(camera.pk) or 0)
            for camera in cameras}


def keep_until(camera: Camera, end: dt.datetime, days: int | None = None) -> dt.datetime:
    return end + dt.timedelta(days=retention_days(camera) if days is None else days)


def recorded_cameras(node: str = ""):
    """Cameras Watchroom records itself: enabled, in service, with a stream, assigned to
    a Watchroom recorder (the one named `node`, or any when no node is given)."""
    cameras = Camera.objects.filter(
        enabled=True, recorder__kind=RecorderKind.WATCHROOM,
    ).exclude(stream_url="").exclude(status=EquipmentStatus.RETIRED)
    if node:
        cameras = cameras.filter(recorder__code=node)
    return cameras.select_related("area__site__policy", "recorder")
