"""R-FOOT-6: a camera in a privacy-sensitive area is absent from the playback check of
someone outside the area's knowledge scope: its player page, its playlist and a crafted
segment address are refused, each refusal audited; the people of the scope watch it."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.models import Area
from watchroom.devices import services as devices
from watchroom.recording.models import ViewingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(make_camera, seal_file, area):
    public = make_camera()
    ward_area = core.area_create(actor=SYSTEM, site=area.site, code="PSY", name="心理科诊室",
                                 department=area.department, privacy_sensitive=True)
    private = make_camera()
    devices.camera_update(actor=SYSTEM, camera=private, area=ward_area)
    private.refresh_from_db()
    area = ward_area
    now = timezone.now()
    segment = seal_file(private, now - dt.timedelta(minutes=3))
    seal_file(public, now - dt.timedelta(minutes=3))
    return area, private, public, segment


def _refusals(user):
    return [json.loads(e.data)["rule"] for e in AuditEvent.objects.filter(
        action="rule.refused", actor_user_id=user.pk).order_by("seq")]


def test_r_foot_6_a_private_camera_is_refused_to_someone_outside_its_scope(
        client, user_of, ward):
    _area, private, public, segment = ward
    outsider = user_of("operator")
    client.force_login(outsider)
    assert client.get(reverse("recording:playback", args=[private.pk])).status_code == 403
    answer = client.get(reverse("recording:playlist"),
                        {"basis": "playback_check", "camera": [public.pk, private.pk]})
    assert answer.status_code == 403 and answer.json()["rule"] == "R-FOOT-6"
    url = reverse("recording:segment_file", args=[segment.pk])
    assert client.get(url).status_code == 403
    ms = int(segment.start.timestamp() * 1000)
    assert client.get(f"{url}?basis=playback_check&from={ms}").status_code == 403
    assert _refusals(outsider) == ["R-FOOT-6"] * 4
    assert not ViewingSession.objects.filter(user=outsider).exists()
    # nor is it offered beside a camera they may watch, nor added by a crafted address
    page = client.get(reverse("recording:playback", args=[public.pk]),
                      {"camera": private.pk})
    assert page.status_code == 200
    assert [c.pk for c in page.context["cameras"]] == [public.pk]
    assert private.pk not in [c.pk for c in page.context["addable"]]


def test_r_foot_6_the_people_of_the_scope_watch_it(client, user_of, ward):
    area, private, public, _segment = ward
    insider = user_of("operator")
    Area.objects.get(pk=area.pk).knowledge_scope.add(insider)
    client.force_login(insider)
    page = client.get(reverse("recording:playback", args=[public.pk]), {"camera": private.pk})
    assert [c.pk for c in page.context["cameras"]] == [public.pk, private.pk]
    plan = client.get(page.context["playlist_url"]).json()
    assert [c["id"] for c in plan["cameras"]] == [public.pk, private.pk]
    part = plan["cameras"][1]["segments"][0]
    assert client.get(part["url"]).status_code == 200
    assert ViewingSession.objects.get(user=insider).basis == "playback_check"
    assert _refusals(insider) == []
