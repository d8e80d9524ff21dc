"""Which of the archive's cameras an outside recorder's recording is of."""

from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera
from watchroom.health import onvif


def camera_of(recorder, track: onvif.RecordingSpan) -> Camera | None:
    """The archive's camera a recording of the recorder is of: a camera on that recorder
    whose code or name is the recording's source name or id (as the NVR's channel is
    named); None when none is (the recorder then answers for it)."""
    names = {track.source_name.strip(), track.source_id.strip()} - {""}
    if not names:
        return None
    cameras = Camera.objects.filter(recorder=recorder).exclude(status=EquipmentStatus.RETIRED)
    return (cameras.filter(code__in=names).order_by("pk").first()
            or cameras.filter(name__in=names).order_by("pk").first())
