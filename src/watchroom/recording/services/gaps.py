"""R-REC-6: a stretch in which a camera that should record has no footage is a gap,
with an alert that says since when and why, and that closes only once footage after
the gap has really been recorded."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.times import local_text, utc_iso
from watchroom.devices.models import Camera
from watchroom.recording.choices import SourceCause
from watchroom.recording.models import Gap, Segment, SourceState
from watchroom.service import service

# A segment ending no more than this after a gap's start holds only what was received
# before the camera fell silent (a partial segment sealed after a read timeout): it
# does not show that recording continued.
RESUMED_AFTER = dt.timedelta(seconds=1)
# A hole this short across a recorder restart is a reconnection, not a gap.
RESTART_TOLERANCE = dt.timedelta(seconds=1)
HEARTBEAT = dt.timedelta(seconds=5)  # how often the recorder's states are marked fresh
DETECT_FACTOR = 1.5  # × segment length of silence; checked every second or so


def gap_alert_key(camera_id: int) -> str:
    return f"recording.gap:{camera_id}"


def _message(camera, since, cause: str) -> str:
    text = _("Camera %(camera)s has not recorded since %(since)s (R-REC-6).") % {
        "camera": str(camera),
        "since": local_text(since, "%Y-%m-%d %H:%M:%S")}
    if cause:
        text += " " + _("Cause: %(cause)s.") % {"cause": SourceCause(cause).label}
    return text


def gap_open(*, actor, camera, since, now=None, cause: str = "") -> Gap | None:
    """Inside the caller's transaction: the camera's open gap from `since`, its alert and
    its audit event; None when one is already open."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            gap = Gap.objects.create(camera=camera, start=since, detected_at=now, cause=cause)
    except IntegrityError:
        return None
    alert_raise(actor=actor, kind="recording.gap", severity="critical",
                key=gap_alert_key(camera.pk), target=camera,
                message=_message(camera, since, cause))
    audit_record(actor=actor, action="recording.gap_opened", target=gap, data={
        "camera": camera.code, "start": utc_iso(since), "cause": cause})
    return gap


def gap_close_if_resumed(*, actor, camera, start, end) -> Gap | None:
    """Inside segment_seal's transaction: the open gap closes at `start` if the segment
    holds footage from after the gap began."""
    gap = Gap.objects.select_for_update().filter(camera=camera, end__isnull=True).first()
    return gap_close_resumed(actor=actor, camera=camera, gap=gap, start=start, end=end)


def gap_close_resumed(*, actor, camera, gap: Gap | None, start, end) -> Gap | None:
    """gap_close_if_resumed for a gap the caller has already found open (and locked)."""
    if gap is None or end <= gap.start + RESUMED_AFTER:
        return None
    gap.end = max(start, gap.start + dt.timedelta(microseconds=1))
    gap.save(update_fields=["end"])
    alert_close(actor=actor, key=gap_alert_key(camera.pk), note=_("Recording resumed."))
    audit_record(actor=actor, action="recording.gap_closed", target=gap, data={
        "camera": camera.code, "start": utc_iso(gap.start), "end": utc_iso(gap.end)})
    return gap


@service
def gaps_check(*, actor, now=None, segment_seconds: int, watching: dict[int, dt.datetime | None],
               cameras=None, causes: dict[int, str] | None = None,
               factor: float = DETECT_FACTOR) -> list[Gap]:
    """A recorded camera with nothing recorded for `factor` × the segment length has a
    gap. `watching` maps camera id → until when its recording is known to reach: the
    last packet received, or since when it should record (None: its last segment)."""
    now = now or timezone.now()
    causes = causes or {}
    limit = dt.timedelta(seconds=factor * segment_seconds)

    def limit_for(camera) -> dt.timedelta:
        # A camera whose stream has failed is offline after the profile's threshold:
        # the same gap and alert, raised sooner (never a second alert for it).
        if not causes.get(camera.pk):
            return limit
        offline = dt.timedelta(seconds=camera.area.site.policy.camera_offline_seconds)
        return min(limit, offline)

    cameras = cameras if cameras is not None else Camera.objects.filter(pk__in=list(watching))
    cameras = [c for c in cameras if c.pk in watching]
    ids = [c.pk for c in cameras]
    last_ends = dict(Segment.objects.filter(camera_id__in=ids).values("camera_id")
                     .annotate(last=Max("end")).values_list("camera_id", "last"))
    open_gaps = set(Gap.objects.filter(camera_id__in=ids, end__isnull=True)
                    .values_list("camera_id", flat=True))
    opened = []
    for camera in cameras:
        since = max(filter(None, (last_ends.get(camera.pk), watching[camera.pk])),
                    default=None)
        if since is None or now - since < limit_for(camera) or camera.pk in open_gaps:
            continue
        gap = gap_open(actor=actor, camera=camera, since=since, now=now,
                       cause=causes.get(camera.pk, ""))
        if gap is not None:
            opened.append(gap)
    return opened


@service
def gaps_open_after_restart(*, actor, cameras, now=None) -> list[Gap]:
    """When the recorder starts, the time since each camera's last segment is a gap:
    its clock does not start again from zero."""
    now = now or timezone.now()
    cameras = list(cameras)
    last_ends = dict(Segment.objects.filter(camera__in=cameras).values("camera_id")
                     .annotate(last=Max("end")).values_list("camera_id", "last"))
    opened = []
    for camera in cameras:
        last = last_ends.get(camera.pk)
        if last is None or now - last <= RESTART_TOLERANCE:
            continue
        gap = gap_open(actor=actor, camera=camera, since=last, now=now,
                       cause=SourceCause.RECORDER_STOPPED)
        if gap is not None:
            opened.append(gap)
    return opened


def _note_phases(phases: dict[int, tuple[str, bool, str]], known: dict, now) -> None:
    """The state each camera is in (connecting, live, reconnecting), whether it records,
    where its live stream is served; and the recorder's heartbeat."""
    for camera_id, (phase, recording, address) in phases.items():
        state = known.get(camera_id)
        if state is None:
            state = SourceState(camera_id=camera_id, since=now)
            known[camera_id] = state
        elif (state.state, state.recording, state.live_address) == (phase, recording, address):
            continue
        if state.state != phase:
            state.state_since = now
        state.state, state.recording, state.live_address = phase, recording, address
        state.updated_at = now
        state.save()
    SourceState.objects.filter(camera_id__in=list(phases)).filter(
        Q(updated_at__isnull=True) | Q(updated_at__lt=now - HEARTBEAT)).update(updated_at=now)


@service
def source_states_note(*, actor, states: dict[int, tuple[str, str]], now=None,
                       phases: dict[int, tuple[str, bool, str]] | None = None) -> None:
    """What the recorder knows of each camera's stream: a new cause of failure (or its
    end) is kept, audited, and named in the camera's open gap and its alert; `phases`
    (camera → state, recording, live server address) is what the wall shows."""
    now = now or timezone.now()
    known = {s.camera_id: s for s in SourceState.objects.filter(
        camera_id__in=list(states) + list(phases or {}))}
    if phases:
        _note_phases(phases, known, now)
    for camera_id, (cause, detail) in states.items():
        state = known.get(camera_id)
        if state is None:
            if not cause:
                continue
            state = SourceState(camera_id=camera_id, since=now)
        elif state.cause == cause and (state.detail == detail or not cause):
            continue
        changed = state.cause != cause
        state.cause, state.detail = cause, detail[:300]
        if changed:
            state.since = now
        state.save()
        if not changed:
            continue
        camera = Camera.objects.get(pk=camera_id)
        audit_record(actor=actor, action="recording.source_failed" if cause else
                     "recording.source_recovered", target=camera,
                     data={"camera": camera.code, "cause": cause, "detail": state.detail})
        gap = Gap.objects.filter(camera_id=camera_id, end__isnull=True).first()
        if gap is not None and cause:
            Gap.objects.filter(pk=gap.pk).update(cause=cause)
            Alert.objects.filter(key=gap_alert_key(camera_id), closed_at__isnull=True).update(
                message=_message(camera, gap.start, cause))
