"""Reads for the health board and history (R-EQUIP-3), and who may ask for a probe."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from watchroom.core.selectors import in_knowledge_scope
from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Camera
from watchroom.health.models import HealthCheck
from watchroom.rules import RuleViolation

VIEW = "health.view_healthcheck"
PROBE = "health.probe_camera"
HISTORY_LENGTH = 50
CRITICAL = ("unreachable", "black", "frozen", "covered")

# The board's states, worst first.
FAULT, WARNING, UNCHECKED, EXCUSED, OK, NOT_WATCHED = (
    "fault", "warning", "unchecked", "excused", "ok", "not_watched")
STATE_ORDER = {FAULT: 0, WARNING: 1, UNCHECKED: 2, EXCUSED: 3, OK: 4, NOT_WATCHED: 5}


def probed(camera: Camera) -> bool:
    """A camera the sweep probes: enabled, not retired, with a stream address."""
    return bool(camera.enabled and camera.status != EquipmentStatus.RETIRED
                and camera.stream_url)


def probed_cameras():
    """The cameras the sweep probes (only those on Watchroom's own recorders where
    HEALTH_SWEEP_ONLY says "watchroom")."""
    cameras = (Camera.objects.filter(enabled=True).exclude(status=EquipmentStatus.RETIRED)
               .exclude(stream_url="").select_related("area__site").order_by("code"))
    if settings.WATCHROOM.get("HEALTH_SWEEP_ONLY") == "watchroom":
        cameras = cameras.filter(recorder__kind=RecorderKind.WATCHROOM)
    return cameras


def health_probe_request_refusal(actor, camera: Camera) -> RuleViolation | None:
    """R-EQUIP-3: a technician or room head asks for a camera in service to be probed now."""
    if not actor.has_perm(PROBE):
        return RuleViolation("R-EQUIP-3", _("You do not check cameras' health."), status=403)
    if not probed(camera):
        return RuleViolation("R-EQUIP-3", _(
            "%(camera)s is not in service with a stream address: there is nothing to "
            "probe.") % {"camera": camera.code}, status=409)
    return None


def picture_visible(user, camera: Camera) -> bool:
    """R-FOOT-6: a probe's picture of a privacy-sensitive area only for its scope."""
    return in_knowledge_scope(user, camera.area)


def state_of(camera: Camera, check: HealthCheck | None, swept: bool | None = None) -> str:
    """`swept`: whether the sweep probes the camera (asked of probed_cameras() when None)."""
    if swept is None:
        swept = probed_cameras().filter(pk=camera.pk).exists()
    if not swept:
        return NOT_WATCHED
    if check is None:
        return UNCHECKED
    active = [p for p in check.problems if p not in check.excused]
    if any(p in CRITICAL for p in active):
        return FAULT
    if active:
        return WARNING
    return EXCUSED if check.problems else OK


@dataclass
class Row:
    camera: Camera
    check: HealthCheck | None
    state: str

    @property
    def active(self) -> list[str]:
        return [p for p in self.check.problems if p not in self.check.excused] \
            if self.check else []


def latest_checks(cameras) -> dict[int, HealthCheck]:
    latest = HealthCheck.objects.filter(camera=OuterRef("pk")).order_by("-checked_at", "-pk")
    ids = [pk for pk in cameras.annotate(latest=Subquery(latest.values("pk")[:1]))
           .values_list("latest", flat=True) if pk]
    return {c.camera_id: c for c in HealthCheck.objects.filter(pk__in=ids)}


def board(*, area=None, problem: str = "") -> list[Row]:
    """Every camera not retired with its last check, worst first: faults, warnings,
    never checked, excused, healthy, then cameras not probed."""
    cameras = Camera.objects.exclude(status=EquipmentStatus.RETIRED).select_related(
        "area__site")
    if area is not None:
        cameras = cameras.filter(area=area)
    checks = latest_checks(cameras)
    swept = set(probed_cameras().values_list("pk", flat=True))
    rows = [Row(camera, checks.get(camera.pk),
                state_of(camera, checks.get(camera.pk), camera.pk in swept))
            for camera in cameras]
    if problem:
        rows = [row for row in rows if problem in row.active]
    rows.sort(key=lambda row: (STATE_ORDER[row.state], -len(row.active), row.camera.code))
    return rows


def history(camera: Camera, limit: int = HISTORY_LENGTH):
    return list(HealthCheck.objects.filter(camera=camera).order_by("-checked_at", "-pk")[:limit])


def awaiting_recorder(camera: Camera, state) -> bool:
    """A camera only its recorder receives (a stream pushed over UDP, as the demo's test
    cameras are) while the recorder is still connecting or reconnecting to it (not yet
    offline: the profile's `camera_offline_seconds`), or has never reported it: the
    recorder says soon whether it is reachable (R-REC-6); probed now, it would be called
    unreachable for a minute. `state`: its `recording.selectors.camera_states`."""
    from urllib.parse import urlsplit

    from watchroom.recording.choices import CameraPhase

    if state is None or urlsplit(camera.stream_url).scheme.lower() != "udp":
        return False
    return state.state in (CameraPhase.CONNECTING, CameraPhase.RECONNECTING) or (
        state.state == CameraPhase.UNKNOWN and state.since is None)
