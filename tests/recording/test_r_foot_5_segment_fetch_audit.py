"""R-FOOT-5: every fetch of a segment file is audited, as viewing sessions: a person
watching one camera on one basis (the playback check, or one approved request) until
they stop fetching for the session's idle time. Range requests of a segment already in
the session add nothing to the trail."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from watchroom.audit.context import Process
from watchroom.audit.models import AuditEvent
from watchroom.recording import storage
from watchroom.recording.models import ViewingSession
from watchroom.recording.services import viewing

pytestmark = pytest.mark.django_db
FETCH_ACTIONS = ("recording.footage_fetch_started", "recording.footage_fetched")


@pytest.fixture
def recent(make_camera, seal_file):
    camera = make_camera()
    now = timezone.now()
    content = [bytes([n]) * 5000 for n in range(3)]
    segments = [seal_file(camera, now - dt.timedelta(minutes=m), content=content[i])
                for i, m in enumerate((6, 4, 2))]
    return camera, segments


def _events(**filters):
    return list(AuditEvent.objects.filter(action__in=FETCH_ACTIONS, **filters).order_by("seq"))


def _fetch(client, segment, first, last=None):
    answer = client.get(reverse("recording:segment_file", args=[segment.pk]),
                        HTTP_RANGE=f"bytes={first}-{'' if last is None else last}")
    assert answer.status_code == 206, answer.content
    body = b"".join(answer.streaming_content)
    assert body == storage.absolute(segment.path).read_bytes()[first:(last or 10**9) + 1]
    return body


def test_r_foot_5_a_direct_fetch_in_the_playback_window_is_audited_once_per_session(
        client, user_of, recent):
    camera, segments = recent
    operator = user_of("operator")
    client.force_login(operator)
    _fetch(client, segments[0], 0, 99)
    opened = _events(actor_user_id=operator.pk)
    assert [e.action for e in opened] == ["recording.footage_fetch_started"]
    data = json.loads(opened[0].data)
    assert data["segments"] == [segments[0].pk] and data["basis"] == "playback_check"
    for first in range(100, 5000, 700):  # the player seeking through the file
        _fetch(client, segments[0], first, first + 699)
    _fetch(client, segments[1], 0)
    _fetch(client, segments[1], 2500)
    _fetch(client, segments[2], 0, 10)
    assert len(_events(actor_user_id=operator.pk)) == 1  # range requests add nothing
    session = ViewingSession.objects.get(user=operator)
    assert session.segments == [s.pk for s in segments] and session.fetches == 11

    later = timezone.now() + dt.timedelta(minutes=viewing.idle_minutes() + 1)
    assert viewing.viewing_sessions_close_idle(actor=Process("scheduler"), now=later) == 1
    closed = _events(target_type="devices.camera", target_id=str(camera.pk))
    assert [e.action for e in closed] == list(FETCH_ACTIONS)
    summary = json.loads(closed[1].data)
    assert summary["segments"] == [s.pk for s in segments]
    assert summary["fetches"] == 11 and summary["user"] == operator.get_username()
    assert viewing.viewing_sessions_close_idle(actor=Process("scheduler"), now=later) == 0


def test_r_foot_5_another_person_or_camera_or_a_pause_opens_another_session(
        client, user_of, recent, make_camera, seal_file):
    _camera, segments = recent
    other_camera = make_camera()
    other_segment = seal_file(other_camera, timezone.now() - dt.timedelta(minutes=3))
    first, second = user_of("operator"), user_of("operator")
    client.force_login(first)
    _fetch(client, segments[0], 0, 9)
    _fetch(client, other_segment, 0, 9)
    client.force_login(second)
    _fetch(client, segments[0], 0, 9)
    assert ViewingSession.objects.filter(closed_at__isnull=True).count() == 3
    assert len(_events()) == 3
    ViewingSession.objects.update(
        last_fetch_at=timezone.now() - dt.timedelta(minutes=viewing.idle_minutes() + 1))
    _fetch(client, segments[0], 10, 19)  # after a pause: the old session is closed
    assert ViewingSession.objects.filter(user=second).count() == 2
    assert [e.action for e in _events(actor_user_id=second.pk)] == [
        "recording.footage_fetch_started", "recording.footage_fetched",
        "recording.footage_fetch_started"]


def test_r_foot_5_a_refused_fetch_opens_no_session(client, user_of, make_camera, seal_file):
    camera = make_camera()
    old = seal_file(camera, timezone.now() - dt.timedelta(hours=2))
    client.force_login(user_of("operator"))
    assert client.get(reverse("recording:segment_file", args=[old.pk]),
                      HTTP_RANGE="bytes=0-9").status_code == 403
    assert not ViewingSession.objects.exists() and not _events()
