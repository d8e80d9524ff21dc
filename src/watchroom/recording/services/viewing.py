"""Viewing: the playback check opened (R-DUTY-5, R-FOOT-1), and viewing sessions: every
fetch of a segment file is audited (R-FOOT-5), once per session rather than once per
HTTP range request.

A session is one person fetching segments of one camera on one basis (the playback check,
or one approved footage request) with no pause longer than the idle time. Its first fetch
writes `recording.footage_fetch_started` at once; when it ends (a later fetch after the
pause, or the periodic job) `recording.footage_fetched` lists every segment fetched."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.devices.models import Camera
from watchroom.recording import access
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment, ViewingSession
from watchroom.service import service


def idle_minutes() -> int:
    return int(settings.WATCHROOM.get("VIEWING_IDLE_MINUTES", 10))


def _close(session: ViewingSession, *, actor, now: dt.datetime) -> None:
    session.closed_at = now
    session.save(update_fields=["closed_at"])
    audit_record(actor=actor, action="recording.footage_fetched", target=session.camera, data={
        "session": session.pk, "user": session.user.get_username(), "basis": session.basis,
        "opened": utc_iso(session.opened_at), "last_fetch": utc_iso(session.last_fetch_at),
        "segments": session.segments, "fetches": session.fetches})


def _open_session(*, actor, segment: Segment, basis: str, now) -> ViewingSession:
    try:
        with transaction.atomic():
            session = ViewingSession.objects.create(
                user=actor, camera=segment.camera, basis=basis, opened_at=now,
                last_fetch_at=now, segments=[segment.pk], fetches=0)
    except IntegrityError:  # a concurrent fetch opened it first
        return ViewingSession.objects.select_for_update().get(
            user=actor, camera=segment.camera, basis=basis, closed_at__isnull=True)
    audit_record(actor=actor, action="recording.footage_fetch_started", target=segment.camera,
                 data={"session": session.pk, "basis": basis, "segments": [segment.pk],
                       "start": utc_iso(segment.start), "end": utc_iso(segment.end)})
    return session


@service
def playback_open(*, actor, camera: Camera, start=None, end=None, now=None) -> list[Segment]:
    """The segments a user may watch, each viewing audited."""
    now = now or timezone.now()
    if start is None or end is None:
        grant = access.playback_grant(actor, camera, now)
        start, end = grant.start, grant.end
    grant = access.authorize(actor, camera, start, end, now)
    segments = list(Segment.objects.filter(
        camera=camera, state=SegmentState.SEALED, start__lt=end, end__gt=start,
    ).order_by("start"))
    audit_record(actor=actor, action="recording.playback", target=camera, data={
        "start": utc_iso(start), "end": utc_iso(end), "basis": grant.basis,
        "segments": [s.pk for s in segments]})
    return segments


@service
def segment_fetch_record(*, actor, segment: Segment, basis: str, now=None) -> ViewingSession:
    """Called for every request of a segment file the access policy allowed, before it is
    served."""
    now = now or timezone.now()
    session = (ViewingSession.objects.select_for_update().select_related("user", "camera")
               .filter(user=actor, camera=segment.camera, basis=basis, closed_at__isnull=True)
               .first())
    if session is not None and now - session.last_fetch_at > dt.timedelta(
            minutes=idle_minutes()):
        _close(session, actor=actor, now=now)
        session = None
    if session is None:
        session = _open_session(actor=actor, segment=segment, basis=basis, now=now)
    if segment.pk not in session.segments:
        session.segments = [*session.segments, segment.pk]
    session.fetches += 1
    session.last_fetch_at = max(session.last_fetch_at, now)
    session.save(update_fields=["segments", "fetches", "last_fetch_at"])
    return session


@service
def segment_play(*, actor, segment: Segment, basis: str, start: dt.datetime,
                 end: dt.datetime, now=None) -> access.Grant:
    """One request of a player for [start, end) of `segment` on `basis`: what of it the
    access policy entitles `actor` to now (the first entitled span; the part that has left
    a moving window, such as the playback check's, is not served). Nothing entitled: refused,
    and the refusal audited. Else the fetch is recorded in the viewing session (R-FOOT-5)
    and the span to serve returned."""
    now = now or timezone.now()
    start, end = max(start, segment.start), min(end, segment.end)
    spans = access.entitlement(actor, segment.camera, start, end, basis=basis, now=now).spans
    if not spans:
        raise access.outside_refusal(segment.camera, basis, start, end)
    segment_fetch_record(actor=actor, segment=segment, basis=spans[0].basis, now=now)
    return spans[0]


@service
def playlist_open(*, actor, cameras: list[Camera], basis: str, now=None) -> list:
    """What a player may load of `cameras` on `basis` (the access policy's entitlement of
    each): a camera with nothing to watch refuses the whole playlist, audited."""
    now = now or timezone.now()
    found = []
    for camera in cameras:
        entitled = access.extent(actor, camera, basis=basis, now=now)
        if entitled.empty:
            raise access.outside_refusal(camera, basis)
        found.append(entitled)
    return found


@service
def viewing_sessions_close_idle(*, actor, now=None) -> int:
    """The periodic job: sessions nobody fetched from for the idle time are closed, each
    with its event listing the segments fetched."""
    now = now or timezone.now()
    idle = (ViewingSession.objects.select_for_update(skip_locked=True)
            .select_related("user", "camera")
            .filter(closed_at__isnull=True,
                    last_fetch_at__lt=now - dt.timedelta(minutes=idle_minutes())))
    closed = 0
    for session in idle:
        _close(session, actor=actor, now=now)
        closed += 1
    return closed
