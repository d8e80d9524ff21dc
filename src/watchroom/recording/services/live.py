"""Live sessions (R-FOOT-6, R-FOOT-5): who watched which camera live, from when to when.

The web application opens a session after the scope check and signs a ticket for it
(`recording.live_tickets`); the recorder's live server starts it when the ticket's
stream is opened and ends it when the viewer leaves or is dropped, with ONE audit event
per session (`live.watched`), not one per packet. A ticket that does not hold (forged,
expired, for another camera or stream, already used) is refused and audited
(`live.refused`). Sessions whose recorder died are ended by the worker's job."""

import datetime as dt

from django.utils import timezone

from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.devices.models import Camera
from watchroom.recording import access
from watchroom.recording.choices import LiveEnd, LiveStream
from watchroom.recording.models import LiveSession
from watchroom.service import service

# A started session whose recorder has not said it is still running for this long
# is over (the recorder touches its sessions every few seconds).
ORPHAN_AFTER = dt.timedelta(seconds=60)
# A session whose ticket was never used: the ticket's life and a margin.
UNUSED_AFTER = dt.timedelta(minutes=2)


@service
def live_session_open(*, actor, camera: Camera, stream: str = LiveStream.MAIN,
                      now=None) -> LiveSession:
    """R-FOOT-6: a person whose duty includes watching opens a camera live; a camera of
    a privacy-sensitive area only for the people of its knowledge scope (the refusal is
    audited by @service)."""
    refusal = access.camera_scope_refusal(actor, camera)
    if refusal is not None:
        raise refusal
    if stream not in LiveStream.values:
        raise ValueError(f"unknown stream {stream!r}")
    return LiveSession.objects.create(user=actor, camera=camera, stream=stream,
                                      opened=now or timezone.now())


@service
def live_session_start(*, actor, session_id: int, user_id: int, camera_id: int, stream: str,
                       now=None) -> LiveSession | None:
    """The recorder's live server opens the ticket's stream: the session it names must be
    this person's, this camera's and this stream's, opened and never started. None when
    it is not (the caller refuses the request)."""
    now = now or timezone.now()
    session = (LiveSession.objects.select_for_update().select_related("camera", "user")
               .filter(pk=session_id, user_id=user_id, camera_id=camera_id, stream=stream,
                       started__isnull=True, ended__isnull=True).first())
    if session is None:
        return None
    session.started = session.last_seen = now
    session.save(update_fields=["started", "last_seen"])
    return session


def _end(session: LiveSession, *, now, reason: str, sent: int) -> None:
    session.ended = now
    session.end_reason = reason
    session.bytes = max(session.bytes, sent)
    session.save(update_fields=["ended", "end_reason", "bytes"])
    start = session.started or session.opened
    audit_record(actor=session.user, action="live.watched", target=session.camera, data={
        "session": session.pk, "camera": session.camera.code, "stream": session.stream,
        "from": utc_iso(start), "to": utc_iso(now),
        "seconds": round(max(0.0, (now - start).total_seconds()), 1),
        "bytes": session.bytes, "ended": reason})


@service
def live_session_close(*, actor, session_id: int, reason: str, sent: int = 0,
                       now=None) -> LiveSession | None:
    """The end of a live stream, audited once; a session already ended is left alone."""
    session = (LiveSession.objects.select_for_update().select_related("camera", "user")
               .filter(pk=session_id, ended__isnull=True).first())
    if session is None:
        return None
    _end(session, now=now or timezone.now(), reason=reason, sent=sent)
    return session


@service
def live_sessions_touch(*, actor, sent: dict[int, int], now=None) -> int:
    """The recorder's heartbeat for the sessions it serves, with the bytes sent so far."""
    now = now or timezone.now()
    touched = 0
    for session_id, count in sent.items():
        touched += LiveSession.objects.filter(pk=session_id, ended__isnull=True).update(
            last_seen=now, bytes=count)
    return touched


@service
def live_sessions_close_orphans(*, actor, now=None) -> int:
    """The worker's job: sessions whose recorder stopped reporting end at the last moment
    it was seen, sessions whose ticket was never used end too, each with its event."""
    now = now or timezone.now()
    closed = 0
    stale = (LiveSession.objects.select_for_update(skip_locked=True)
             .select_related("camera", "user")
             .filter(ended__isnull=True, started__isnull=False,
                     last_seen__lt=now - ORPHAN_AFTER))
    for session in stale:
        _end(session, now=session.last_seen, reason=LiveEnd.RECORDER_LOST, sent=session.bytes)
        closed += 1
    unused = (LiveSession.objects.select_for_update(skip_locked=True)
              .select_related("camera", "user")
              .filter(ended__isnull=True, started__isnull=True, opened__lt=now - UNUSED_AFTER))
    for session in unused:
        _end(session, now=session.opened, reason=LiveEnd.NEVER_STARTED, sent=0)
        closed += 1
    return closed


@service
def live_refusal_record(*, actor, camera_id: int | None, stream: str, reason: str,
                        client: str = "") -> None:
    """A live stream refused at the recorder (a forged, expired or mismatched ticket):
    audited with what was asked for."""
    camera = Camera.objects.filter(pk=camera_id).first() if camera_id else None
    audit_record(actor=actor, action="live.refused", target=camera, data={
        "rule": "R-FOOT-6", "camera": camera.code if camera else camera_id,
        "stream": stream[:10], "reason": reason[:200], "client": client[:60]})
