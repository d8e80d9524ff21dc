"""Recording pages and API: the overview, timelines, the audited playback check, holds,
retention extensions; a delete or a retention cut through UI or API names R-REC-2."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from watchroom.audit.models import AuditEvent
from watchroom.recording import storage
from watchroom.recording.models import Hold, Segment


@pytest.fixture
def footage(make_camera, seal_file):
    camera = make_camera()
    now = timezone.now()
    segments = [seal_file(camera, now - dt.timedelta(minutes=m)) for m in (30, 5, 3)]
    return camera, segments


def test_overview_and_timeline_show_the_camera(client_as, footage):
    camera, segments = footage
    client = client_as("security_chief")
    page = client.get(reverse("recording:overview"))
    assert page.status_code == 200 and camera.code in page.content.decode()
    day = timezone.localtime(segments[1].start).date()
    page = client.get(reverse("recording:timeline", args=[camera.pk]), {"day": day.isoformat()})
    assert page.status_code == 200
    on_that_day = [s for s in segments if timezone.localtime(s.start).date() == day]
    expected = sum((s.end - s.start).total_seconds() for s in on_that_day)
    assert expected >= 60 and page.context["recorded_s"] >= expected - 1
    assert client.get(reverse("recording:timeline", args=[camera.pk]),
                      {"day": "not-a-day"}).status_code == 200


def test_r_duty_5_playback_check_lists_recent_segments_and_is_audited(client_as, footage):
    camera, segments = footage
    client = client_as("operator")
    page = client.get(reverse("recording:playback", args=[camera.pk]))
    assert page.status_code == 200
    shown = [s.pk for s in page.context["segments"]]
    assert shown == [segments[1].pk, segments[2].pk]  # the 30-minute-old one is outside
    event = AuditEvent.objects.filter(action="recording.playback").latest("ts")
    assert str(segments[1].pk) in event.data
    served = client.get(reverse("recording:segment_file", args=[segments[2].pk]),
                        HTTP_RANGE="bytes=0-9")
    assert served.status_code == 206
    assert b"".join(served.streaming_content) == \
        storage.absolute(segments[2].path).read_bytes()[:10]


def test_r_foot_1_footage_outside_the_playback_window_is_refused(client_as, footage):
    camera, segments = footage
    client = client_as("operator")
    old = client.get(reverse("recording:segment_file", args=[segments[0].pk]))
    assert old.status_code == 403 and "R-FOOT-1" in old.content.decode()
    auditor = client_as("auditor")
    assert auditor.get(reverse("recording:playback", args=[camera.pk])).status_code == 403


def test_r_rec_2_delete_through_the_ui_is_refused_naming_the_rule(client_as, footage):
    _camera, segments = footage
    page = client_as("administrator").post(
        reverse("recording:segment_delete", args=[segments[1].pk]))
    assert page.status_code == 403
    assert "R-REC-2" in page.content.decode()
    assert Segment.objects.filter(pk=segments[1].pk).exists()


def test_r_rec_2_delete_and_retention_cut_through_the_api_are_refused(user_of, footage):
    camera, segments = footage
    api = APIClient()
    api.force_authenticate(user_of("administrator"))
    answer = api.delete(f"/api/segments/{segments[1].pk}/")
    assert answer.status_code == 403 and answer.json()["rule"] == "R-REC-2"
    answer = api.post("/api/retention-extensions/", {"camera": camera.pk, "days": 7,
                                                     "reason": "省空间"}, format="json")
    assert answer.status_code == 400 and answer.json()["rule"] == "R-REC-2"
    assert Segment.objects.count() == 3
    listed = api.get("/api/segments/", {"camera": camera.pk})
    assert listed.status_code == 200 and len(listed.json()["results"]) == 3
    assert api.get("/api/segments/", {"start": "yesterday"}).status_code == 400


def test_r_rec_2_retention_cut_through_the_ui_names_the_rule(client_as, footage):
    camera, _segments = footage
    page = client_as("administrator").post(reverse("recording:extension_create"),
                                           {"camera": camera.pk, "days": 10, "reason": "x"})
    assert page.status_code == 400 and "R-REC-2" in page.content.decode()


def test_r_rec_4_hold_through_pages_and_release_by_a_leader(client_as, footage, user_of):
    camera, segments = footage
    lead = client_as("shift_lead")
    start = timezone.localtime(segments[0].start).strftime("%Y-%m-%dT%H:%M")
    end = timezone.localtime(segments[2].end + dt.timedelta(minutes=1)).strftime(
        "%Y-%m-%dT%H:%M")
    answer = lead.post(reverse("recording:hold_create"), {
        "cameras": [camera.pk], "start": start, "end": end, "reason": "走失儿童",
        "link_kind": "incident", "link_ref": "INC-12"})
    hold = Hold.objects.get()
    assert answer.status_code == 302
    assert lead.get(reverse("recording:hold_list")).status_code == 200
    assert lead.get(reverse("recording:hold_list"), {"active": "1"}).status_code == 200
    refused = lead.post(reverse("recording:hold_detail", args=[hold.pk]), {"note": "结束"})
    assert refused.status_code == 403
    chief = client_as("security_chief")
    chief.post(reverse("recording:hold_detail", args=[hold.pk]), {"note": "已找到"})
    hold.refresh_from_db()
    assert hold.released_at is not None


def test_r_inc_2_alerts_page_api_and_acknowledging_once(client_as, user_of, make_camera):
    from watchroom.alerts import services as alerts

    from ..conftest import SYSTEM

    alert, created = alerts.alert_raise(actor=SYSTEM, kind="recording.gap", severity="critical",
                                        key="k1", message="门诊大厅 1 号 没有录像")
    assert created
    again, created = alerts.alert_raise(actor=SYSTEM, kind="recording.gap",
                                        severity="critical", key="k1", message="重复")
    assert not created and again.pk == alert.pk
    client = client_as("operator")
    home = client.get("/")
    assert "门诊大厅 1 号 没有录像" in home.content.decode()
    assert client.get(reverse("alerts:alert_list"), {"closed": "1"}).status_code == 200
    client.post(reverse("alerts:alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    twice = client.post(reverse("alerts:alert_acknowledge", args=[alert.pk]))
    assert twice.status_code == 409
    api = APIClient()
    api.force_authenticate(user_of("auditor"))
    assert api.get("/api/alerts/").status_code == 200
    assert api.post(f"/api/alerts/{alert.pk}/acknowledge/").status_code == 403
