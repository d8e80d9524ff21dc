"""Read-only questions about recordings: timelines, the room head's overview and the
storage projection."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from watchroom.recording import policy, storage
from watchroom.recording.choices import IntegrityState, SegmentState
from watchroom.recording.models import Gap, Hold, Segment, SourceState


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
