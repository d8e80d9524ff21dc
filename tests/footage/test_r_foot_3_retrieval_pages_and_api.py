"""R-FOOT-3 on the pages and the API: retrieval only inside the scope, never by an approver."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.support.footage import api_as, approve_all
from watchroom.footage import selectors

pytestmark = pytest.mark.django_db


def test_r_foot_3_export_outside_the_scope_over_the_api_is_refused(police_request, people,
                                                                   make_camera):
    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    client = api_as(people["executor"])
    url = f"/api/footage-requests/{request.pk}/exports/"
    for camera, start, end in [
            (item.camera.pk, item.start - dt.timedelta(minutes=1), item.end),
            (make_camera().pk, item.start, item.end)]:
        answer = client.post(url, {"ranges": [{"camera": camera, "start": start.isoformat(),
                                               "end": end.isoformat()}]}, format="json")
        assert answer.status_code == 403, answer.content
        assert answer.json()["rule"] == "R-FOOT-3"
    inside = client.post(url, {"ranges": [{"camera": item.camera.pk,
                                           "start": item.start.isoformat(),
                                           "end": item.end.isoformat()}]}, format="json")
    assert inside.status_code == 201, inside.content


def test_r_foot_3_the_export_page_refuses_an_approver(police_request, people, client):
    request = approve_all(police_request(), people)
    people["chief"].groups.add(*people["executor"].groups.all())  # also an operator
    client.force_login(people["chief"])
    answer = client.post(reverse("footage:export_create", args=[request.pk]))
    assert answer.status_code == 403
    assert "R-FOOT-3" in answer.content.decode()


def test_r_foot_3_play_page_is_limited_to_the_scope(police_request, people, client,
                                                    recorded_camera):
    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    client.force_login(people["executor"])
    page = client.get(reverse("footage:play", args=[request.pk, item.pk]))
    assert page.status_code == 200
    inside = selectors.segments_in([(item.camera, item.start, item.end)]).first()
    served = client.get(reverse("footage:segment_file", args=[request.pk, item.pk, inside.pk]))
    assert served.status_code == 200
    outside = recorded_camera.segments.order_by("start").first()
    assert outside.end <= item.start
    refused = client.get(reverse("footage:segment_file",
                                 args=[request.pk, item.pk, outside.pk]))
    assert refused.status_code == 403
