"""A player's plan of an entitled range: for each camera, the entitled spans, the parts
of the catalogue's segments inside them (each with the one URL that serves exactly that
part), the gaps between them and the held spans. Times are seconds since the epoch."""

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from watchroom.core.times import utc_iso
from watchroom.recording.access import Entitlement
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Hold, Segment
from watchroom.recording.storage import absolute
from watchroom.recording.viewing_copies import Facts, media_facts

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
GAP = dt.timedelta(milliseconds=500)  # shorter holes are the cameras' own jitter


def ms(value: dt.datetime) -> int:
    return (value - EPOCH) // dt.timedelta(milliseconds=1)


def ms_ceil(value: dt.datetime) -> int:
    return -((EPOCH - value) // dt.timedelta(milliseconds=1))


def from_ms(value: int) -> dt.datetime:
    return EPOCH + dt.timedelta(milliseconds=value)


def _t(value: dt.datetime) -> float:
    return ms(value) / 1000


def segment_url(segment: Segment, basis: str, start: dt.datetime, end: dt.datetime) -> str:
    return reverse("recording:segment_file", args=[segment.pk]) + "?" + urlencode(
        {"basis": basis, "from": ms_ceil(start), "until": ms(end)})


def requested_part(segment: Segment, first: str | None, last: str | None):
    """[start, end) of `segment` a segment URL asks for (its `from` and `until`, in ms,
    inside the segment; a millisecond off its edges counts as the edge)."""
    start, end = segment.start, segment.end
    if first:
        start = max(start, from_ms(int(first)))
    if last:
        end = min(end, from_ms(int(last)))
    if start - segment.start < dt.timedelta(milliseconds=1):
        start = segment.start
    if segment.end - end < dt.timedelta(milliseconds=1):
        end = segment.end
    return start, end


def _clip(spans, start: dt.datetime, end: dt.datetime):
    for span in spans:
        a, b = max(start, span.start), min(end, span.end)
        if a < b:
            yield a, b


def _facts(segment: Segment) -> Facts:
    """The segment's codec and picture duration (each segment its own: a camera's frame
    rate may change between segments)."""
    path = absolute(segment.path)
    return media_facts(path) if path.exists() else Facts("", 0.04)


def camera_plan(camera, entitled: Entitlement, basis: str) -> dict:
    spans = entitled.spans
    segments = list(Segment.objects.filter(
        camera=camera, state=SegmentState.SEALED, start__lt=entitled.end,
        end__gt=entitled.start).order_by("start"))
    parts, gaps = [], []
    facts = {segment.pk: _facts(segment) for segment in segments}
    for span in spans:
        cursor = span.start
        for segment in segments:
            for a, b in _clip([span], segment.start, segment.end):
                if a - cursor > GAP:
                    gaps.append({"start": _t(cursor), "end": _t(a)})
                parts.append({"id": segment.pk, "start": _t(a), "end": _t(b),
                              "frame": facts[segment.pk].frame,
                              "cut": a > segment.start or b < segment.end,
                              "url": segment_url(segment, basis, a, b)})
                cursor = max(cursor, b)
        if span.end - cursor > GAP:
            gaps.append({"start": _t(cursor), "end": _t(span.end)})
    holds = Hold.objects.filter(cameras=camera, released_at__isnull=True,
                                start__lt=entitled.end, end__gt=entitled.start)
    held = [{"start": _t(a), "end": _t(b)} for hold in holds
            for a, b in _clip(spans, hold.start, hold.end)]
    first = facts[segments[0].pk] if segments else Facts("", 0.04)
    codec, frame = first.codec, first.frame
    copy_url = next((s.copy_url for s in spans if s.copy_url), "")
    return {
        "id": camera.pk, "code": camera.code, "name": camera.name, "codec": codec,
        "frame": frame, "copy_url": copy_url,
        "spans": [{"start": _t(s.start), "end": _t(s.end), "basis": s.basis} for s in spans],
        "segments": parts, "gaps": gaps, "held": sorted(held, key=lambda h: h["start"]),
    }


def plan(cameras, entitlements: list[Entitlement], basis: str) -> dict:
    planned = [camera_plan(camera, entitled, basis)
               for camera, entitled in zip(cameras, entitlements, strict=True)]
    start = min(e.start for e in entitlements)
    end = max(e.end for e in entitlements)
    label = next((s.label for e in entitlements for s in e.spans if s.label), basis)
    return {"basis": basis, "label": label, "start": _t(start), "end": _t(end),
            "start_iso": utc_iso(start), "end_iso": utc_iso(end), "cameras": planned}
