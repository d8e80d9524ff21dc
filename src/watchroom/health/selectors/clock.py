"""Clocks read over ONVIF (R-DUTY-5): which equipment Watchroom can read, the tolerance,
the latest reading."""

import datetime as dt

from django.db.models import OuterRef, Q, Subquery

from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Camera, Recorder
from watchroom.health.models import ClockReading


def clock_readable(equipment) -> bool:
    """Watchroom reads this camera's or recorder's clock: it has an ONVIF address, or it
    is Watchroom's own recorder (this computer's clock against standard time)."""
    return bool((equipment.onvif_address or "").strip()) or host_clocked(equipment)


def host_clocked(equipment) -> bool:
    """Watchroom's own recorder without an ONVIF address: its clock is this computer's,
    measured against the time server (or the kernel's synchronisation state)."""
    return (isinstance(equipment, Recorder) and equipment.kind == RecorderKind.WATCHROOM
            and not (equipment.onvif_address or "").strip())


def clock_tolerance(equipment) -> int:
    """The seconds a clock may be off (the site profile's clock tolerance)."""
    site = equipment.area.site if isinstance(equipment, Camera) else equipment.site
    return site.policy.clock_tolerance_seconds


def clock_key(equipment) -> str:
    """The alert key of a clock out of tolerance (one open alert per device)."""
    return f"health:clock:{equipment._meta.model_name}:{equipment.pk}"


def clock_latest(equipment, *, since: dt.datetime | None = None) -> ClockReading | None:
    """The equipment's latest clock reading (taken at or after `since`, if given)."""
    field = "camera" if isinstance(equipment, Camera) else "recorder"
    readings = ClockReading.objects.filter(**{field: equipment})
    if since is not None:
        readings = readings.filter(measured_at__gte=since)
    return readings.order_by("-measured_at", "-pk").first()


def clocks_to_measure() -> list:
    """Every enabled camera and every recorder in service with an ONVIF address, and
    Watchroom's own recorders."""
    has_address = ~Q(onvif_address="")
    cameras = Camera.objects.filter(has_address, enabled=True).exclude(
        status=EquipmentStatus.RETIRED).select_related("area__site__policy").order_by("code")
    recorders = Recorder.objects.filter(has_address | Q(kind=RecorderKind.WATCHROOM)).exclude(
        status=EquipmentStatus.RETIRED).select_related("site__policy").order_by("code")
    return [*cameras, *recorders]


def clocks_latest(model: type[Camera] | type[Recorder], ids) -> dict[int, ClockReading]:
    """Each camera's or recorder's latest clock reading, by its pk (those never read are
    absent), in two queries: for boards and lists."""
    field = "camera" if model is Camera else "recorder"
    latest = ClockReading.objects.filter(**{field: OuterRef("pk")}).order_by(
        "-measured_at", "-pk").values("pk")[:1]
    pairs = model.objects.filter(pk__in=list(ids)).annotate(
        reading=Subquery(latest)).values_list("pk", "reading")
    readings = ClockReading.objects.in_bulk([r for _, r in pairs if r is not None])
    return {pk: readings[r] for pk, r in pairs if r is not None}
