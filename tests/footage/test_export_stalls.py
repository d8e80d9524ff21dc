"""An export whose worker dies does not stay "running": an attempt silent for the stall
time is failed with the reason, its half-written files removed, and the export queued
again, at most EXPORT_MAX_ATTEMPTS times; then it is failed and the person who started
it reads why (page, API, inbox)."""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.support.footage import approve_all
from watchroom.audit.context import Process
from watchroom.audit.models import AuditEvent
from watchroom.footage import export_runs, selectors, services
from watchroom.footage.choices import ExportState
from watchroom.footage.models import Export
from watchroom.notifications.models import Notification

pytestmark = pytest.mark.django_db
WORKER = Process("worker")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WATCHROOM = {**settings.WATCHROOM, "EXPORT_STALL_SECONDS": 60,
                          "EXPORT_MAX_ATTEMPTS": 2}


@pytest.fixture
def queued_export(police_request, people, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    request = approve_all(police_request(), people)
    return services.export_create(actor=people["executor"], request=request)


def _die_mid_build(export):
    """What a worker killed with SIGKILL leaves: the attempt claimed, a package and
    scratch files half written, and no more signs of life."""
    attempt = export_runs.export_attempt_begin(actor=WORKER, export_id=export.pk)
    folder = export_runs.work_dir(export, attempt)
    (folder / "tmpscratch").mkdir(parents=True)
    (folder / "tmpscratch" / "merged.mp4").write_bytes(b"\x00" * 4096)
    (folder / f"{export}.zip.part").write_bytes(b"PK\x03\x04" + b"\x00" * 8192)
    silent = timezone.now() - dt.timedelta(seconds=export_runs.stall_seconds() + 1)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=silent)
    return attempt, folder


def test_r_foot_5_a_stalled_export_is_failed_cleaned_and_retried_to_completion(
        queued_export, immediate_tasks, django_capture_on_commit_callbacks):
    export = queued_export
    attempt, folder = _die_mid_build(export)
    assert attempt == 1 and folder.exists()
    assert export_runs.export_stalled_reap(actor=WORKER, now=timezone.now() - dt.timedelta(
        seconds=5)) == []  # not yet silent for the whole stall time
    with django_capture_on_commit_callbacks(execute=True):
        assert export_runs.export_stalled_reap(actor=WORKER) == [export.pk]
    assert not folder.exists()
    export.refresh_from_db()
    assert export.state == ExportState.DONE, export.error
    assert export.attempts == 2
    assert [entry["attempt"] for entry in export.attempt_log] == [1]
    assert "no sign of life" in export.attempt_log[0]["reason"]
    assert (selectors.exports_dir() / export.path).stat().st_size == export.bytes
    assert not list((selectors.exports_dir() / ".building").iterdir())
    failed = AuditEvent.objects.get(action="footage.export_attempt_failed")
    assert '"retry":true' in failed.data


def test_r_foot_5_after_the_last_attempt_the_export_fails_and_says_why(
        queued_export, immediate_tasks, people, client, django_capture_on_commit_callbacks):
    export = queued_export
    for attempt in (1, 2):
        _attempt, folder = _die_mid_build(export)
        assert _attempt == attempt
        with django_capture_on_commit_callbacks(execute=False):
            assert export_runs.export_stalled_reap(actor=WORKER) == [export.pk]
        assert not folder.exists()
    export.refresh_from_db()
    assert export.state == ExportState.FAILED and export.finished_at is not None
    assert "Attempt 2 of 2" in export.error and "No attempts are left" in export.error
    assert not any((selectors.exports_dir() / ".building").iterdir())
    assert export_runs.export_stalled_reap(actor=WORKER) == []

    client.force_login(people["executor"])
    page = client.get(reverse("footage:export_detail", args=[export.request_id, export.pk]))
    assert "Attempt 2 of 2" in page.content.decode() or "第 2 次" in page.content.decode()
    api = APIClient()
    api.force_authenticate(people["executor"])
    body = api.get(f"/api/exports/{export.pk}/").json()
    assert body["state"] == "failed" and body["error"] == export.error
    assert [entry["attempt"] for entry in body["attempt_log"]] == [1, 2]
    assert Notification.objects.filter(user=people["executor"],
                                       link__contains=f"/exports/{export.pk}/").exists()
    assert AuditEvent.objects.filter(action="footage.export_failed").count() == 1


def test_r_foot_5_a_late_answer_from_a_failed_attempt_changes_nothing(queued_export):
    export = queued_export
    first, _folder = _die_mid_build(export)
    export_runs.export_stalled_reap(actor=WORKER)
    second = export_runs.export_attempt_begin(actor=WORKER, export_id=export.pk)
    assert second == first + 1
    assert not export_runs.beat(export.pk, first)
    services.export_fail(actor=WORKER, export=export, error="late", attempt=first)
    export.refresh_from_db()
    assert export.state == ExportState.RUNNING and export.error != "late"
    assert export_runs.export_attempt_begin(actor=WORKER, export_id=export.pk) is None


@pytest.mark.django_db(transaction=True)
def test_r_foot_5_the_worker_beats_while_it_builds_and_stops_when_done(queued_export):
    export = queued_export
    attempt = export_runs.export_attempt_begin(actor=WORKER, export_id=export.pk)
    Export.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now() - dt.timedelta(
        hours=1))
    with export_runs.heartbeat(export.pk, attempt, interval=0.2):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            export.refresh_from_db()
            if timezone.now() - export.heartbeat_at < dt.timedelta(minutes=1):
                break
            time.sleep(0.1)
    assert timezone.now() - export.heartbeat_at < dt.timedelta(minutes=1)
    assert export_runs.export_stalled_reap(actor=WORKER) == []
    last = Export.objects.get(pk=export.pk).heartbeat_at
    time.sleep(0.6)
    assert Export.objects.get(pk=export.pk).heartbeat_at == last
