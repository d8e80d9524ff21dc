"""The register and the request show approved ranges in the site's zone, to the second:
footage approved from 23:36:30 Beijing time (15:36:30 UTC) reads 23:36:30."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.support.footage import approve_all
from watchroom.footage.models import Approval, ScopeItem

pytestmark = pytest.mark.django_db

UTC_START = dt.datetime(2026, 3, 9, 15, 36, 30, tzinfo=dt.UTC)


def test_the_register_shows_approved_ranges_in_local_time_with_seconds(police_request, people,
                                                                     client):
    request = police_request()
    ScopeItem.objects.filter(request=request).update(
        start=UTC_START, end=UTC_START + dt.timedelta(minutes=3, seconds=15))
    client.force_login(people["chief"])
    register = client.get(reverse("footage:list")).content.decode()
    assert "2026-03-09 23:36:30–23:39:45" in register
    detail = client.get(reverse("footage:detail", args=[request.pk])).content.decode()
    assert "2026-03-09 23:36:30" in detail and "15:36" not in detail


def test_r_foot_2_approval_times_read_in_local_time_to_the_second(police_request, people,
                                                                 client):
    request = approve_all(police_request(), people)
    Approval.objects.filter(request=request).update(decided_at=UTC_START)
    client.force_login(people["chief"])
    for name in ("footage:detail", "footage:print"):
        page = client.get(reverse(name, args=[request.pk])).content.decode()
        assert "2026-03-09 23:36:30" in page, name
