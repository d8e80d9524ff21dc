"""R-DUTY-5, R-FOOT-1: the playback check lists and serves the last minutes, audited;
footage outside its window needs an approved request."""

from django.urls import reverse

from watchroom.audit.models import AuditEvent
from watchroom.recording import storage


def test_r_duty_5_playback_check_lists_recent_segments_and_is_audited(client_as, footage):
    camera, segments = footage
    client = client_as("operator")
    page = client.get(reverse("recording:playback", args=[camera.pk]))
    assert page.status_code == 200
    plan = client.get(page.context["playlist_url"]).json()
    shown = [s["id"] for s in plan["cameras"][0]["segments"]]
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
