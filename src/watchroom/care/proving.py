"""The proving check that closes a fault (R-EQUIP-3): evidence, taken after the repair
was recorded, that the equipment works again. What Watchroom can check itself, it
checks; only what it cannot is witnessed by a second person.

- a camera: a health check of that camera with every check passed (`HealthCheck.ok`)
  and nothing excused, made after the repair was recorded; or
- a camera, recorder or storage: a sealed recording segment of that camera (of a
  camera on that recorder, on that storage's recorder) that began after the repair was
  recorded and that somebody played back (a viewing session fetched it);
- anything else (a display, a switch, a UPS), and a recorder or storage none of whose
  cameras Watchroom records: a check recorded by a second person, not the repairer,
  with their own password (the service asks for it).
"""

from dataclasses import dataclass

from watchroom.care import equipment as items
from watchroom.care.choices import ProofKind
from watchroom.core.times import utc_iso
from watchroom.devices.models import Camera
from watchroom.health.models import HealthCheck
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment, ViewingSession


@dataclass(frozen=True)
class Proof:
    kind: str
    details: dict


def repaired_at(fault):
    """When the latest repair of the fault was recorded (None before any)."""
    repair = fault.repairs.order_by("-recorded_at", "-pk").first()
    return repair.recorded_at if repair else None


def health_proof(fault, since) -> Proof | None:
    if fault.equipment_type != items.label_of(Camera):
        return None
    # A problem excused by an approved block or change (a covered or black picture) is
    # still there: only a check that found nothing wrong proves the camera works.
    check = (HealthCheck.objects.filter(camera_id=fault.equipment_id, ok=True,
                                        checked_at__gt=since, excused={})
             .order_by("checked_at", "pk").first())
    if check is None:
        return None
    return Proof(ProofKind.HEALTH_CHECK, {"health_check": check.pk,
                                          "checked_at": utc_iso(check.checked_at)})


def playback_proof(fault, since) -> Proof | None:
    equipment = fault.equipment
    if equipment is None:
        return None
    cameras = list(items.cameras_of(equipment).values_list("pk", flat=True))
    if not cameras:
        return None
    segments = dict(Segment.objects.filter(
        camera_id__in=cameras, state=SegmentState.SEALED, start__gte=since,
    ).values_list("pk", "camera_id"))
    if not segments:
        return None
    sessions = ViewingSession.objects.filter(
        camera_id__in=cameras, last_fetch_at__gte=since).order_by("opened_at", "pk")
    for session in sessions:
        for segment_id in session.segments:
            if segment_id in segments:
                return Proof(ProofKind.PLAYBACK, {
                    "segment": segment_id, "camera": segments[segment_id],
                    "viewing_session": session.pk, "viewer": session.user_id})
    return None


def witness_allowed(fault) -> bool:
    """A second person's check stands in only where Watchroom has nothing to check."""
    if fault.equipment_type == items.label_of(Camera):
        return False
    equipment = fault.equipment
    if equipment is None:
        return True
    cameras = items.cameras_of(equipment)
    return not Segment.objects.filter(camera__in=cameras).exists()


def find_proof(fault) -> Proof | None:
    """The first checkable proof after the latest repair, or None."""
    since = repaired_at(fault)
    if since is None:
        return None
    return health_proof(fault, since) or playback_proof(fault, since)
