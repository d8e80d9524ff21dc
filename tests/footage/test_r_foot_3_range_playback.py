"""R-FOOT-3, R-FOOT-5, R-DUTY-5: range playback over real recorded segments. The playlist
holds exactly the entitled part of the catalogue (cut at its edges), every segment request
goes through the access policy (refused and audited outside it, recorded inside it)."""

import datetime as dt
import itertools
import json

import av
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.footage import approve_all
from watchroom.audit.models import AuditEvent
from watchroom.footage import selectors
from watchroom.recording import access, storage
from watchroom.recording.models import ViewingSession

pytestmark = pytest.mark.django_db


def _duration(body: bytes, tmp_path) -> float:
    clip = tmp_path / "part.mp4"
    clip.write_bytes(body)
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        times = [float(p.pts * p.time_base) for p in container.demux(stream)
                 if p.pts is not None]
    return max(times) - min(times) + 0.1  # ten pictures a second


def _refusals(user) -> list[dict]:
    return [json.loads(e.data) for e in AuditEvent.objects.filter(
        action="rule.refused", actor_user_id=user.pk).order_by("seq")]


@pytest.fixture
def approved(police_request, people, recorded_camera, footage_window):
    start = footage_window[0] + dt.timedelta(minutes=2, seconds=7)
    end = footage_window[0] + dt.timedelta(minutes=4, seconds=53)
    return approve_all(police_request(scope=[(recorded_camera, start, end)]), people), start, end


def _plan(client, basis, *cameras):
    return client.get(reverse("recording:playlist"),
                      {"basis": basis, "camera": [c.pk for c in cameras]})


def test_r_foot_3_the_playlist_holds_exactly_the_approved_range(
        approved, people, recorded_camera, client, tmp_path):
    request, start, end = approved
    client.force_login(people["executor"])
    answer = _plan(client, selectors.request_basis(request), recorded_camera)
    assert answer.status_code == 200
    plan = answer.json()
    assert (plan["start"], plan["end"]) == (start.timestamp(), end.timestamp())
    [camera] = plan["cameras"]
    parts = camera["segments"]
    assert parts[0]["start"] == start.timestamp() and parts[-1]["end"] == end.timestamp()
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(parts))
    assert camera["gaps"] == [] and camera["codec"].startswith("avc1.")
    assert camera["held"] == [{"start": start.timestamp(), "end": end.timestamp()}]
    assert camera["copy_url"].endswith("#export")  # approved for copying: the export flow
    for part in parts:
        served = client.get(part["url"])
        assert served.status_code == 200 and served["X-Codec"].startswith("avc1.")
        body = b"".join(served.streaming_content)
        assert abs(_duration(body, tmp_path) - (part["end"] - part["start"])) < 0.11
        assert int(served["X-Part-Start"]) == round(part["start"] * 1000)
    session = ViewingSession.objects.get(user=people["executor"])
    assert session.basis == f"request:{request.number}"
    assert session.segments == [p["id"] for p in parts]


def test_r_foot_3_segment_requests_outside_the_entitlement_are_refused_and_audited(
        approved, people, recorded_camera, client, footage_window):
    request, start, _end = approved
    basis = selectors.request_basis(request)
    executor = people["executor"]
    client.force_login(executor)
    plan = _plan(client, basis, recorded_camera).json()
    first = plan["cameras"][0]["segments"][0]
    before = recorded_camera.segments.filter(end__lte=start).order_by("start").first()
    crafted = [
        reverse("recording:segment_file", args=[before.pk]) + f"?basis={basis}",
        reverse("recording:segment_file", args=[before.pk])
        + f"?basis={basis}&from={int(before.start.timestamp() * 1000)}",
        reverse("recording:segment_file", args=[before.pk]),  # the playback check: too old
    ]
    for url in crafted:
        assert client.get(url).status_code == 403, url
    refused = _refusals(executor)
    assert [r["rule"] for r in refused] == ["R-FOOT-3", "R-FOOT-3", "R-FOOT-1"]
    assert all(r["service"] == "segment_play" for r in refused)
    assert not ViewingSession.objects.filter(user=executor).exists()

    # asking the first part from earlier than the range gets only the approved part
    segment = recorded_camera.segments.get(pk=first["id"])
    widened = (reverse("recording:segment_file", args=[segment.pk]) + f"?basis={basis}"
               f"&from={int(segment.start.timestamp() * 1000)}")
    served = client.get(widened)
    assert served.status_code == 200
    assert int(served["X-Part-Start"]) == round(start.timestamp() * 1000)
    assert b"".join(served.streaming_content) == b"".join(
        client.get(first["url"]).streaming_content)

    # an approver of the request may not watch it (R-FOOT-3), not even with its URL
    client.force_login(people["chief"])
    assert client.get(first["url"]).status_code == 403
    assert _plan(client, basis, recorded_camera).status_code == 403
    assert [r["rule"] for r in _refusals(people["chief"])] == ["R-FOOT-3", "R-FOOT-3"]


def test_r_foot_3_the_old_addresses_lead_to_the_same_player_and_parts(
        approved, people, recorded_camera, client):
    request, start, _end = approved
    item = selectors.current_scope(request)[0]
    client.force_login(people["executor"])
    page = client.get(reverse("footage:play", args=[request.pk, item.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="scrubber"' in html and "player.js" in html
    assert page.context["basis"] == f"request:{request.number}"
    assert AuditEvent.objects.filter(action="footage.viewed").count() == 1
    segment = recorded_camera.segments.filter(start__lt=start, end__gt=start).get()
    old = client.get(reverse("footage:segment_file", args=[request.pk, item.pk, segment.pk]))
    assert old.status_code == 200
    assert int(old["X-Part-Start"]) == round(start.timestamp() * 1000)


def test_r_duty_5_the_playback_check_playlist_is_cut_at_the_window(
        make_camera, seal_file, minute_of_video, user_of, client, tmp_path):
    camera = make_camera()
    minutes = camera.area.site.policy.playback_check_minutes
    now = timezone.now()
    first = now - dt.timedelta(minutes=minutes, seconds=30)
    segments = [seal_file(camera, first + dt.timedelta(minutes=m), content=minute_of_video)
                for m in range(minutes)]
    operator = user_of("operator")
    client.force_login(operator)
    page = client.get(reverse("recording:playback", args=[camera.pk]))
    assert page.status_code == 200
    plan = client.get(page.context["playlist_url"]).json()
    [planned] = plan["cameras"]
    parts = planned["segments"]
    assert [p["id"] for p in parts] == [s.pk for s in segments]
    window_start = access.playback_grant(operator, camera, now).start
    assert abs(parts[0]["start"] - window_start.timestamp()) <= 1
    assert parts[0]["start"] > segments[0].start.timestamp()
    assert abs(parts[-1]["end"] - segments[-1].end.timestamp()) < 0.001
    assert planned["gaps"] == [{"start": parts[-1]["end"], "end": plan["end"]}]  # until now
    served = client.get(parts[0]["url"])  # cut to the window, even a moment later
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert body != storage.absolute(segments[0].path).read_bytes()
    assert int(served["X-Part-Start"]) >= round(parts[0]["start"] * 1000)
    assert _duration(body, tmp_path) <= 30.1
    whole = client.get(parts[1]["url"])
    assert b"".join(whole.streaming_content) == storage.absolute(segments[1].path).read_bytes()
