"""Gaps inside an outside recorder's recordings (ONVIF Profile G, R-REC-6): the recorder's
recording-history events of the last day (its own clock) are turned into gaps; each
closed gap of a video track (or of the whole recording) longer than the site's
`camera_offline_seconds` raises the alert Watchroom's own gap raises, `recording.gap`,
on the camera it is of (the recorder when none is), so that the camera's fault opens
(R-EQUIP-3). The gap is over, so its alert closes at once, as Watchroom's own closes when
recording resumes; the fault stays for the technician. Each gap is reported once: its
alert's key names the recorder, recording, track and start, and a key already used is
not raised again. A gap still open is the stopped recording `recordings_judge` reports.

A recorder without event search (FindEvents) is recorded once in the audit trail; its
spans are still judged."""

import datetime as dt

from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.models import AuditEvent
from watchroom.audit.services import _target_fields, audit_record
from watchroom.core.times import local_text, utc_iso
from watchroom.health import onvif
from watchroom.health.selectors.recordings import camera_of
from watchroom.service import service

WINDOW = dt.timedelta(hours=24)  # how far back each look reaches (the recorder's clock)
UNREADABLE = "health.recorder_gaps_unreadable"


def gap_key(recorder, gap: onvif.RecordingGap) -> str:
    # ONVIF tokens are at most 64 characters: the key stays within the alert's 200
    return (f"recording.gap:recorder:{recorder.pk}:{gap.recording_token[:64]}:"
            f"{gap.track_token[:64]}:{utc_iso(gap.start)}")


def gap_tolerance_s(recorder) -> float:
    """A gap longer than this is reported: the site's `camera_offline_seconds`, after
    which Watchroom's own recording of a failed camera has a gap."""
    return float(recorder.site.policy.camera_offline_seconds)


def gaps_read(recorder, *, offset_s: float, now: dt.datetime,
              timeout: float = 5.0) -> list[onvif.RecordingGap]:
    """The recorder's gaps of the last day (outside any transaction). Raises OnvifError."""
    recorder_now = now + dt.timedelta(seconds=offset_s)
    return onvif.recording_gaps(
        recorder.onvif_address.strip(), recorder.username, recorder.password,
        timeout=timeout, since=recorder_now - WINDOW, until=recorder_now,
        min_gap_s=gap_tolerance_s(recorder))


def _judged(gap: onvif.RecordingGap, spans: dict) -> bool:
    """A closed gap of a video track, or of the whole recording."""
    if gap.end is None:
        return False
    if not gap.track_token:
        return True
    span = spans.get((gap.recording_token, gap.track_token))
    return span is not None and span.track_type == "Video"


@service
def recorder_gaps_judge(*, actor, recorder, gaps: list[onvif.RecordingGap],
                        spans: list[onvif.RecordingSpan]) -> list[onvif.RecordingGap]:
    """The gaps newly reported: each raises its `recording.gap` alert and closes it."""
    by_track = {(s.recording_token, s.track_token): s for s in spans}
    by_recording = {s.recording_token: s for s in spans}
    tolerance = gap_tolerance_s(recorder)
    reported = []
    for gap in gaps:
        if not _judged(gap, by_track) or gap.seconds <= tolerance:
            continue
        key = gap_key(recorder, gap)
        if Alert.objects.filter(key=key).exists():
            continue
        span = by_recording.get(gap.recording_token)
        camera = camera_of(recorder, span) if span is not None else None
        alert_raise(actor=actor, kind="recording.gap", severity="critical", key=key,
                    target=camera or recorder, message=_(
                        "%(recorder)s recorded nothing of %(source)s from %(start)s to "
                        "%(end)s (its own clock, R-REC-6).") % {
                        "recorder": recorder,
                        "source": span.source_name if span else gap.recording_token,
                        "start": local_text(gap.start, "%Y-%m-%d %H:%M:%S"),
                        "end": local_text(gap.end, "%Y-%m-%d %H:%M:%S")})
        alert_close(actor=actor, key=key, note=_("The gap is over: the recorder records "
                                                 "again."))
        reported.append(gap)
    return reported


@service
def recorder_gaps_unreadable(*, actor, recorder, detail: str) -> bool:
    """The recorder's gaps could not be read: recorded once per recorder (True then)."""
    target_type, target_id, _label = _target_fields(recorder)
    if AuditEvent.objects.filter(action=UNREADABLE, target_type=target_type,
                                 target_id=target_id).exists():
        return False
    audit_record(actor=actor, action=UNREADABLE, target=recorder, data={"detail": detail})
    return True
