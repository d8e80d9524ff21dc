"""Read-only questions about recordings: timelines, the room head's overview, the
storage projection, what holds cover, and who may do what (the predicates the pages
and the services share)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.models import Alert
from watchroom.recording import access, policy, storage
from watchroom.recording.choices import Decision, HoldLink, IntegrityState, SegmentState
from watchroom.recording.models import Gap, Hold, RetentionExtension, Segment, SourceState
from watchroom.rules import RuleViolation

LEADER_PERMISSION = "recording.approve_retentionextension"
RELEASE_PERMISSION = "recording.release_hold"
HOLD_PERMISSION = "recording.add_hold"
# R-INC-3: operators put footage on hold for an incident, and for nothing else.
INCIDENT_HOLD_PERMISSION = "recording.hold_for_incident"
REQUEST_RETENTION_PERMISSION = "recording.add_retentionextension"


def sealed():
    return Segment.objects.filter(state=SegmentState.SEALED)


def days_of(camera) -> list[dict]:
    """Each local day with recordings: segments, bytes, seconds recorded."""
    tz = timezone.get_current_timezone()
    rows = (sealed().filter(camera=camera).annotate(day=TruncDate("start", tzinfo=tz))
            .values("day").annotate(segments=Count("id"), bytes=Sum("bytes"))
            .order_by("-day"))
    return list(rows)


@dataclass
class Hour:
    hour: int
    covered_s: float
    segments: list

    @property
    def percent(self) -> int:
        return min(100, round(self.covered_s / 36))


def timeline(camera, day: dt.date) -> dict:
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()), tz)
    end = start + dt.timedelta(days=1)
    segments = list(sealed().filter(camera=camera, start__lt=end, end__gt=start)
                    .order_by("start").only("id", "start", "end", "bytes", "integrity"))
    hours = [Hour(h, 0.0, []) for h in range(24)]
    for seg in segments:
        for h in hours:
            h_start = start + dt.timedelta(hours=h.hour)
            h_end = h_start + dt.timedelta(hours=1)
            overlap = (min(seg.end, h_end) - max(seg.start, h_start)).total_seconds()
            if overlap > 0:
                h.covered_s += overlap
                h.segments.append(seg)
    gaps = list(Gap.objects.filter(camera=camera, start__lt=end).filter(
        Q(end__isnull=True) | Q(end__gt=start)).order_by("start"))
    holds = list(Hold.objects.filter(cameras=camera, released_at__isnull=True,
                                     start__lt=end, end__gt=start))
    return {"day": day, "start": start, "end": end, "segments": segments, "hours": hours,
            "gaps": gaps, "holds": holds,
            "recorded_s": sum(h.covered_s for h in hours)}


@dataclass
class StorageProjection:
    free_bytes: int
    used_bytes: int
    bytes_per_day: int
    longest_retention_days: int

    @property
    def days_left(self) -> float | None:
        return self.free_bytes / self.bytes_per_day if self.bytes_per_day else None

    @property
    def capacity_days(self) -> float | None:
        """Days of footage the storage holds in all, at the current rate."""
        total = self.free_bytes + self.used_bytes
        return total / self.bytes_per_day if self.bytes_per_day else None

    @property
    def short(self) -> bool:
        return self.capacity_days is not None and self.capacity_days < self.longest_retention_days


def storage_projection(now=None, cameras=None) -> StorageProjection:
    now = now or timezone.now()
    cameras = list(cameras if cameras is not None else policy.recorded_cameras())
    day_ago = now - dt.timedelta(days=1)
    totals = sealed().aggregate(used=Sum("bytes"))
    recent = sealed().filter(end__gt=day_ago).aggregate(
        bytes=Sum("bytes"), first=Min("start"), last=Max("end"))
    rate = 0
    if recent["bytes"]:
        span = max((recent["last"] - max(recent["first"], day_ago)).total_seconds(), 60)
        rate = int(recent["bytes"] * 86400 / span)
    longest = max((policy.retention_days(c) for c in cameras), default=0)
    try:
        free = storage.free_bytes()
    except OSError:
        free = 0
    return StorageProjection(free, totals["used"] or 0, rate, longest)


def overview(now=None) -> list[dict]:
    """Per recorded camera: days kept against the policy, gaps, integrity alarms."""
    now = now or timezone.now()
    week_ago = now - dt.timedelta(days=7)
    rows = []
    for camera in policy.recorded_cameras():
        stats = sealed().filter(camera=camera).aggregate(
            first=Min("start"), last=Max("end"), segments=Count("id"),
            alarms=Count("id", filter=~Q(integrity=IntegrityState.OK)))
        kept = (now - stats["first"]).total_seconds() / 86400 if stats["first"] else 0.0
        gaps = Gap.objects.filter(camera=camera).filter(Q(end__isnull=True) | Q(end__gt=week_ago))
        rows.append({
            "camera": camera,
            "retention_days": policy.retention_days(camera),
            "kept_days": kept,
            "last_end": stats["last"],
            "segments": stats["segments"],
            "gaps_7d": gaps.count(),
            "gap_open": gaps.filter(end__isnull=True).exists(),
            "integrity_alarms": stats["alarms"],
        })
    return rows


def source_state(camera):
    """What the recorder last knew of the camera's stream (R-REC-6), or None."""
    return SourceState.objects.filter(camera=camera).first()


STATE_STALE_S = 30  # a state the recorder has not confirmed for this long is unknown


@dataclass(frozen=True)
class CameraStatus:
    state: str  # CameraPhase
    since: dt.datetime | None
    detail: str  # the last error, while reconnecting or offline
    recording: bool
    live_url: str  # "host:port" of the recorder's live server serving the camera
    label: str  # the state, translated

    def as_dict(self) -> dict:
        from watchroom.core.times import utc_iso

        return {"state": self.state, "since": utc_iso(self.since) if self.since else None,
                "detail": self.detail, "recording": self.recording, "live_url": self.live_url,
                "label": self.label}


def camera_states(camera_ids, now: dt.datetime | None = None) -> dict[int, CameraStatus]:
    """Each camera's state as its recorder last published it: connecting, live,
    reconnecting (with the last error), offline (failing for longer than the profile's
    threshold), unknown (the recorder's heartbeat is stale) or not recorded."""
    from watchroom.devices.models import Camera
    from watchroom.recording.choices import CameraPhase

    now = now or timezone.now()
    ids = list(camera_ids)
    recorded = set(policy.recorded_cameras().filter(pk__in=ids).values_list("pk", flat=True))
    offline_after = dict(Camera.objects.filter(pk__in=ids).values_list(
        "pk", "area__site__policy__camera_offline_seconds"))
    rows = {s.camera_id: s for s in SourceState.objects.filter(camera_id__in=ids)}
    stale = now - dt.timedelta(seconds=STATE_STALE_S)
    states = {}
    for camera_id in ids:
        row = rows.get(camera_id)
        if camera_id not in recorded:
            phase, since, detail, recording, address = CameraPhase.NOT_RECORDED, None, "", \
                False, ""
        elif row is None or not row.state or row.updated_at is None or row.updated_at < stale:
            phase = CameraPhase.UNKNOWN
            since, detail, recording, address = (row.updated_at if row else None), "", False, ""
        else:
            phase, since, recording, address = row.state, row.state_since, row.recording, \
                row.live_address
            detail = row.detail if row.cause else ""
            limit = dt.timedelta(seconds=offline_after.get(camera_id) or 60)
            if phase == CameraPhase.RECONNECTING and since and now - since >= limit:
                phase = CameraPhase.OFFLINE
        states[camera_id] = CameraStatus(state=str(phase), since=since, detail=detail,
                                         recording=recording, live_url=address,
                                         label=str(CameraPhase(phase).label))
    return states


def held(segments):
    """Segments that an active hold covers."""
    covering = Hold.objects.filter(
        released_at__isnull=True, cameras=OuterRef("camera"),
        start__lt=OuterRef("end"), end__gt=OuterRef("start"),
    )
    return segments.filter(Exists(covering))


def unacknowledged_losses() -> int:
    """Alerts about footage a crash cut short or the pre-seal check refused that nobody
    has acknowledged yet: `recording verify` fails while there are any."""
    return Alert.objects.filter(kind__in=("recording.unfinished", "recording.segment_refused"),
                                closed_at__isnull=True, acknowledged_at__isnull=True).count()


def unknown_files() -> list[str]:
    """Files on disk that the catalogue does not know, camera folder by camera folder."""
    unknown = []
    by_dir: dict[str, list[str]] = defaultdict(list)
    for relpath in storage.walk_segments():
        by_dir[relpath.split("/", 1)[0]].append(relpath)
    for top, paths in by_dir.items():
        known = set(Segment.objects.filter(path__startswith=f"{top}/").values_list(
            "path", flat=True))
        unknown += [p for p in paths if p not in known]
    return sorted(unknown)


# --- who may (the page shows an action exactly when its service would allow it) ---------


def may_play_back(user) -> bool:
    """The playback check (R-DUTY-5): the timeline's play button and the page."""
    return user.has_perm(access.PLAYBACK_CHECK)


def hold_place_refusal(user, link_kind: str = "") -> RuleViolation | None:
    """Why `user` may not put footage on hold, or None (the "new hold" action too); a
    hold linked to an incident is also open to those who hold footage for incidents
    (R-INC-3)."""
    if link_kind == HoldLink.INCIDENT and user.has_perm(INCIDENT_HOLD_PERMISSION):
        return None
    if not user.has_perm(HOLD_PERMISSION):
        return RuleViolation("R-REC-4", _("You may not put footage on hold."), status=403)
    return None


def hold_release_refusal(user, hold: Hold) -> RuleViolation | None:
    """Why `user` may not release `hold`, or None (the service and the release form)."""
    if not user.has_perm(RELEASE_PERMISSION):
        return RuleViolation("R-REC-4", _("Only an approver may release a hold."), status=403)
    if hold.released_at is not None:
        return RuleViolation("R-REC-4", _("This hold has already been released."))
    return None


def extension_request_refusal(user) -> RuleViolation | None:
    """Why `user` may not ask for a camera's footage to be kept longer, or None."""
    if not user.has_perm(REQUEST_RETENTION_PERMISSION):
        return RuleViolation("R-REC-1", _("You may not ask for a longer retention."),
                             status=403)
    return None


def may_request_retention(user) -> bool:
    return extension_request_refusal(user) is None


def extension_decide_refusal(actor, extension: RetentionExtension) -> RuleViolation | None:
    """Why `actor` may not decide `extension`, or None (the service and the buttons)."""
    if not actor.has_perm(LEADER_PERMISSION):
        return RuleViolation("R-REC-1", _("Only a leader may approve a longer retention."),
                             status=403)
    if extension.status != Decision.PENDING:
        return RuleViolation("R-REC-1", _("This request has already been decided."))
    if extension.requested_by_id == actor.pk:
        return RuleViolation("R-REC-1", _("Nobody approves their own request."), status=403)
    return None
