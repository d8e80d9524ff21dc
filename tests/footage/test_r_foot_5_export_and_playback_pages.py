"""R-FOOT-5: the export page shows progress and downloads; playback under a request is
one audited session."""


import pytest
from django.urls import reverse

from tests.support.footage import approve_all
from watchroom.footage import selectors

pytestmark = pytest.mark.django_db


def test_r_foot_5_export_page_shows_progress_and_downloads(police_request, people, client,
                                                           django_capture_on_commit_callbacks,
                                                           settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    request = approve_all(police_request(), people)
    client.force_login(people["executor"])
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("footage:export_create", args=[request.pk]))
    assert answer.status_code == 302
    export = request.exports.get()
    export.refresh_from_db()
    assert export.state == "done"
    progress = client.get(answer["Location"], headers={"HX-Request": "true"})
    assert "100%" in progress.content.decode()
    download = client.get(reverse("footage:export_download", args=[request.pk, export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"


def test_r_foot_5_segments_fetched_under_a_request_are_one_audited_session(
        police_request, people, client):
    import json

    from watchroom.audit.models import AuditEvent
    from watchroom.recording.models import ViewingSession

    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    client.force_login(people["executor"])
    inside = list(selectors.segments_in([(item.camera, item.start, item.end)]))
    assert len(inside) >= 2
    for segment in inside:
        for header in ("bytes=0-9", "bytes=10-", "bytes=-5"):
            answer = client.get(reverse("footage:segment_file",
                                        args=[request.pk, item.pk, segment.pk]),
                                HTTP_RANGE=header)
            assert answer.status_code == 206
    started = AuditEvent.objects.filter(action="recording.footage_fetch_started")
    assert started.count() == 1
    assert json.loads(started.get().data)["basis"] == f"request:{request.number}"
    session = ViewingSession.objects.get(user=people["executor"])
    assert session.segments == [s.pk for s in inside] and session.fetches == 3 * len(inside)
