"""R-FOOT-6 / R-FOOT-5: each live session is audited once, when it ends, whoever ends
it: the recorder's live server, or the worker's job for a recorder that died (its
sessions end when it was last seen) and for tickets never used."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.recording import services, tasks
from watchroom.recording.models import LiveSession
from watchroom.scheduler import jobs

from ..conftest import SYSTEM

pytestmark = pytest.mark.django_db


def _events():
    return [json.loads(e.data) for e in AuditEvent.objects.filter(action="live.watched")
            .order_by("seq")]


def test_r_foot_6_a_session_is_audited_once_when_it_ends(make_camera, user_of):
    operator = user_of(Role.OPERATOR)
    camera = make_camera()
    session = services.live_session_open(actor=operator, camera=camera, stream="sub")
    assert not _events(), "opening is not an event of its own"
    started = services.live_session_start(actor=SYSTEM, session_id=session.pk,
                                          user_id=operator.pk, camera_id=camera.pk,
                                          stream="sub")
    assert started is not None
    assert services.live_session_start(actor=SYSTEM, session_id=session.pk,
                                       user_id=operator.pk, camera_id=camera.pk,
                                       stream="sub") is None, "a ticket starts a session once"
    services.live_sessions_touch(actor=SYSTEM, sent={session.pk: 1234})
    services.live_session_close(actor=SYSTEM, session_id=session.pk, reason="viewer_left",
                                sent=5000)
    services.live_session_close(actor=SYSTEM, session_id=session.pk, reason="viewer_left",
                                sent=6000)
    [event] = _events()
    assert event["stream"] == "sub" and event["bytes"] == 5000 and event["ended"] == "viewer_left"
    assert AuditEvent.objects.get(action="live.watched").actor_user_id == operator.pk


def test_r_foot_6_the_worker_ends_sessions_of_a_dead_recorder_and_unused_tickets(
        make_camera, user_of):
    assert any(job.task.endswith("close_live_sessions_task") for job in jobs())
    operator = user_of(Role.OPERATOR)
    camera = make_camera()
    now = timezone.now()
    orphan = services.live_session_open(actor=operator, camera=camera, stream="main")
    services.live_session_start(actor=SYSTEM, session_id=orphan.pk, user_id=operator.pk,
                                camera_id=camera.pk, stream="main")
    seen = now - dt.timedelta(minutes=5)
    LiveSession.objects.filter(pk=orphan.pk).update(started=seen - dt.timedelta(minutes=3),
                                                    last_seen=seen, bytes=777)
    unused = services.live_session_open(actor=operator, camera=camera, stream="main",
                                        now=now - dt.timedelta(minutes=10))
    fresh = services.live_session_open(actor=operator, camera=camera, stream="main")
    services.live_session_start(actor=SYSTEM, session_id=fresh.pk, user_id=operator.pk,
                                camera_id=camera.pk, stream="main")
    tasks.close_live_sessions_task.call()
    events = {e["session"]: e for e in _events()}
    assert set(events) == {orphan.pk, unused.pk}
    assert events[orphan.pk]["ended"] == "recorder_lost"
    assert events[orphan.pk]["seconds"] == 180.0 and events[orphan.pk]["bytes"] == 777
    assert events[unused.pk]["ended"] == "never_started"
    assert LiveSession.objects.get(pk=fresh.pk).ended is None
    tasks.close_live_sessions_task.call()
    assert len(_events()) == 2
