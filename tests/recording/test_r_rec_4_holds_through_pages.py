"""R-REC-4: a hold placed on the pages, released only by a leader with a reason."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from watchroom.recording.models import Hold


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
