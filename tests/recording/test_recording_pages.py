"""The room head's overview and a camera's timeline show what was recorded."""

from django.urls import reverse
from django.utils import timezone


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
