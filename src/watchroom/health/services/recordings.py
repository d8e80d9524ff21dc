"""What an outside recorder keeps (ONVIF Profile G): a recorder with an ONVIF address,
other than Watchroom's own, is asked for its recordings' spans; a video track whose data
stopped longer ago than twice the health-check interval (in the recorder's own clock,
corrected by its last clock reading) raises `health.recorder_stopped` for that
recording, on the camera it is of (its code or name is the recording's source), as a
recording gap of Watchroom's own would, so that the camera's fault opens (R-REC-6,
R-EQUIP-3); closed when its data runs again. Gaps inside the spans: `recorder_gaps`."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.core.times import local_text
from watchroom.devices.choices import EquipmentStatus, RecorderKind
from watchroom.devices.models import Recorder
from watchroom.health import onvif
from watchroom.health.selectors.clock import clock_latest, clock_readable
from watchroom.health.selectors.recordings import camera_of
from watchroom.health.services import recorder_gaps
from watchroom.service import service


def recorder_key(recorder, recording_token: str = "") -> str:
    return f"health:recorder_stopped:recorder:{recorder.pk}:{recording_token}"


def outside_recorders() -> list[Recorder]:
    return [r for r in Recorder.objects.exclude(kind=RecorderKind.WATCHROOM).exclude(
        status=EquipmentStatus.RETIRED).select_related("site__policy").order_by("code")
        if clock_readable(r)]


def recordings_check(*, actor, recorder, now: dt.datetime | None = None,
                     timeout: float = 5.0) -> list[onvif.RecordingSpan] | None:
    """Ask the recorder for its recordings (outside any transaction), then judge them
    (`recordings_judge`), then the gaps inside them (`recorder_gaps`). None when the
    recorder could not be asked (nothing changes)."""
    try:
        spans = onvif.recording_spans(recorder.onvif_address.strip(), recorder.username,
                                      recorder.password, timeout=timeout)
    except onvif.OnvifError:
        return None
    recordings_judge(actor=actor, recorder=recorder, spans=spans, now=now)
    try:
        gaps = recorder_gaps.gaps_read(recorder, offset_s=_offset(recorder),
                                       now=now or timezone.now(), timeout=timeout)
    except onvif.OnvifError as exc:
        if exc.kind in (onvif.OnvifError.UNSUPPORTED, onvif.OnvifError.ANSWER):
            recorder_gaps.recorder_gaps_unreadable(actor=actor, recorder=recorder,
                                                   detail=exc.detail)
        return spans
    recorder_gaps.recorder_gaps_judge(actor=actor, recorder=recorder, gaps=gaps, spans=spans)
    return spans


def _offset(recorder) -> float:
    """The recorder's clock minus ours, from its last reading (0 when never read)."""
    reading = clock_latest(recorder)
    return reading.offset_s if reading is not None and reading.offset_s is not None else 0.0


@service
def recordings_judge(*, actor, recorder, spans: list[onvif.RecordingSpan],
                     now: dt.datetime | None = None) -> list[onvif.RecordingSpan]:
    """The stale video tracks of the recorder: each raises its alert; the recorder's
    other open ones close."""
    now = now or timezone.now()
    offset = _offset(recorder)
    max_age = 2 * 60 * recorder.site.policy.health_check_minutes
    stale = onvif.stale_tracks(spans, offset_s=offset, max_age_s=max_age, now=now)
    keys = set()
    for track in stale:
        key = recorder_key(recorder, track.recording_token)
        keys.add(key)
        alert_raise(actor=actor, kind="health.recorder_stopped", severity="critical",
                    key=key, target=camera_of(recorder, track) or recorder, message=_(
                        "%(recorder)s has recorded nothing of %(source)s since %(since)s "
                        "(its own clock).") % {
                        "recorder": recorder, "source": track.source_name,
                        "since": local_text(track.data_to, "%Y-%m-%d %H:%M:%S")})
    for key in Alert.objects.filter(key__startswith=recorder_key(recorder),
                                    closed_at__isnull=True).values_list("key", flat=True):
        if key not in keys:
            alert_close(actor=actor, key=key, note=_("The recorder records it again."))
    return stale
