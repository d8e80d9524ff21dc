"""R-FOOT-3, R-FOOT-5: H.264 viewing copies made ahead for an approved request stop at the
edge of what was approved; nothing past it is transcoded on the request's account."""

import datetime as dt

import pytest
from django.urls import reverse
from django_tasks import task_backends

from tests.support.footage import approve_all
from watchroom.footage import selectors

from ..recording.test_r_foot_5_h265_copies_made_ahead import hevc_clip

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    return backend


def test_r_foot_5_copies_made_ahead_never_pass_the_approved_range(
        make_camera, seal_file, footage_window, police_request, people, client,
        queued_tasks, tmp_path):
    camera = make_camera()
    clip = hevc_clip(tmp_path / "clip.mp4", 4, 10)
    start = footage_window[0]
    segments = [seal_file(camera, start + dt.timedelta(seconds=60 * n), seconds=60,
                          content=clip) for n in range(10)]
    approved = approve_all(police_request(scope=[(
        camera, start + dt.timedelta(minutes=2), start + dt.timedelta(minutes=5))]), people)
    client.force_login(people["executor"])
    last_inside = segments[4]  # [start+4 min, start+5 min): the approval ends with it
    url = reverse("recording:segment_file", args=[last_inside.pk])
    answer = client.get(url, {"basis": selectors.request_basis(approved), "copy": "h264"})
    assert answer.status_code == 503 and answer.json()["state"] == "preparing"
    queued = [r.args[0] for r in queued_tasks.results if r.task.name == "h264_copy_task"]
    assert queued == [last_inside.pk]
