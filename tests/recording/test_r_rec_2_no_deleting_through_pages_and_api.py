"""R-REC-2: a delete or a retention cut through the pages or the API is refused, naming
the rule."""

from django.urls import reverse
from rest_framework.test import APIClient

from watchroom.recording.models import Segment


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
