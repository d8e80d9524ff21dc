"""R-FOOT-3: one request names at most the profile's camera-hours (each camera × time range
counted in started hours); a larger one is refused naming the limit, and nothing is
written: no request, no hold."""

import base64
import datetime as dt
import math

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.support.footage import PDF
from watchroom.footage import selectors, services
from watchroom.footage.models import FootageRequest, ScopeItem
from watchroom.recording.models import Hold
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _written():
    return FootageRequest.objects.count(), ScopeItem.objects.count(), Hold.objects.count()


def test_r_foot_3_three_thousand_ranges_over_the_api_are_refused_and_nothing_held(
        people, recorded_camera, footage_window):
    start, _end = footage_window
    items = [{"camera": recorded_camera.pk,
              "start": (start + dt.timedelta(milliseconds=200 * s)).isoformat(),
              "end": (start + dt.timedelta(milliseconds=200 * s + 200)).isoformat()}
             for s in range(3000)]
    body = {"requester_type": "police", "requester_name": "张警官",
            "requester_unit": "城东派出所", "requester_contact": "13800000000",
            "requester_id_number": "012345", "purpose": "调查", "need": "copy",
            "scope": items, "officers": [{"name": "张三", "badge": "1"},
                                         {"name": "李四", "badge": "2"}],
            "attachments": [{"kind": "evidence_notice", "name": "通知书.pdf",
                             "content_base64": base64.b64encode(PDF).decode()}]}
    client = APIClient()
    client.force_authenticate(people["operator"])
    before = _written()
    answer = client.post("/api/footage-requests/", body, format="json")
    assert answer.status_code == 400, answer.content
    assert answer.json()["rule"] == "R-FOOT-3"
    assert "96" in answer.json()["detail"] and "3000" in answer.json()["detail"]
    assert _written() == before


def test_r_foot_3_the_form_names_the_limit(client, people, recorded_camera, footage_window):
    profile = recorded_camera.area.site.policy
    profile.max_request_camera_hours = 2
    profile.save()
    start, end = footage_window
    client.force_login(people["operator"])
    data = {"requester_type": "internal", "requester_name": "王医生",
            "requester_unit": "门诊部", "requester_contact": "8001",
            "requester_id_number": "E1", "purpose": "核查", "need": "view"}
    for n in range(1, 4):
        data.update({f"camera_{n}": recorded_camera.pk,
                     f"start_{n}": start.strftime("%Y-%m-%dT%H:%M:%S"),
                     f"end_{n}": end.strftime("%Y-%m-%dT%H:%M:%S")})
    before = _written()
    page = client.post(reverse("footage:create"), data)
    assert page.status_code == 200
    shown = " ".join(str(p) for p in page.context["problems"])
    assert "R-FOOT-3" in shown and "R-FOOT-3" in page.content.decode()
    assert "最多 2 路·小时" in shown or "at most 2 camera-hours" in shown
    assert _written() == before


@hypothesis_settings(max_examples=30, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
@given(limit=st.integers(min_value=1, max_value=8),
       ranges=st.lists(st.tuples(st.integers(0, 540), st.integers(1, 60)),
                       min_size=1, max_size=10))
def test_r_foot_3_a_request_is_filed_exactly_when_within_the_camera_hours(
        people, police_request, recorded_camera, footage_window, limit, ranges):
    profile = recorded_camera.area.site.policy
    profile.max_request_camera_hours = limit
    profile.save()
    start, _end = footage_window
    scope = [(recorded_camera, start + dt.timedelta(seconds=offset),
              start + dt.timedelta(seconds=offset + length)) for offset, length in ranges]
    hours = sum(math.ceil((e - s).total_seconds() / 3600) for _c, s, e in scope)
    assert selectors.scope_camera_hours(scope) == hours
    before = _written()
    if hours <= limit:
        request = police_request(scope=scope)
        assert request.scope.count() == len(scope)
    else:
        with pytest.raises(RuleViolation) as refused:
            police_request(scope=scope)
        assert refused.value.rule_id == "R-FOOT-3"
        assert f"{limit} camera-hours" in str(refused.value.message)
        assert _written() == before


def test_r_foot_3_a_changed_scope_is_bounded_too(people, police_request, recorded_camera,
                                                 footage_window):
    request = police_request()
    profile = recorded_camera.area.site.policy
    profile.max_request_camera_hours = 1
    profile.save()
    start, _end = footage_window
    scope = [(recorded_camera, start, start + dt.timedelta(minutes=1)),
             (recorded_camera, start + dt.timedelta(minutes=2), start + dt.timedelta(minutes=3))]
    before = _written()
    with pytest.raises(RuleViolation) as refused:
        services.request_scope_change(actor=people["operator"], request=request, scope=scope)
    assert refused.value.rule_id == "R-FOOT-3"
    assert _written() == before
    request.refresh_from_db()
    assert request.scope_version == 1
