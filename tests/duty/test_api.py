"""Duty over the API: the same rules as the pages."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Attendance, Handover, LogEntry

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_r_duty_2_clock_on_for_somebody_else_is_refused_over_the_api(room_shifts, clock):
    clock(7, 44)
    me, other = room_shifts.day
    refused = api_as(me).post("/api/duty/attendance/clock-on/",
                              {"room": room_shifts.room.pk, "person": other.pk}, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-DUTY-2"
    assert not Attendance.objects.exists()
    done = api_as(me).post("/api/duty/attendance/clock-on/", {"room": room_shifts.room.pk},
                           format="json")
    assert done.status_code == 201 and done.json()["late_minutes"] == 0


def test_r_duty_4_log_entries_are_written_and_filtered_over_the_api(room_shifts):
    client = api_as(room_shifts.day[0])
    made = client.post("/api/duty/log/", {"room": room_shifts.room.pk, "category": "anomaly",
                                          "seen": "北门有可疑人员"}, format="json")
    assert made.status_code == 201
    client.post("/api/duty/log/", {"room": room_shifts.room.pk, "seen": "巡查正常"},
                format="json")
    found = client.get("/api/duty/log/", {"room": room_shifts.room.pk, "category": "anomaly"})
    assert [e["seen"] for e in found.json()["results"]] == ["北门有可疑人员"]
    assert LogEntry.objects.count() == 2


def test_r_hand_5_handover_over_the_api_needs_each_partys_password(room_shifts, clock):
    s = room_shifts
    clock(0, 0)
    for person in s.night:
        api_as(person).post("/api/duty/attendance/clock-on/", {"room": s.room.pk},
                            format="json")
    clock(7, 45)
    for person in s.day:
        api_as(person).post("/api/duty/attendance/clock-on/", {"room": s.room.pk},
                            format="json")
    body = {"room": s.room.pk, "hygiene": "clean", "password": "wrong"}
    refused = api_as(s.night[0]).post("/api/duty/handovers/", body, format="json")
    assert refused.status_code == 403 and refused.json()["rule"] == "R-HAND-5"
    signed = api_as(s.night[0]).post("/api/duty/handovers/", {**body, "password": PASSWORD},
                                     format="json")
    assert signed.status_code == 201, signed.json()
    pk = signed.json()["id"]
    twice = api_as(s.night[0]).post(f"/api/duty/handovers/{pk}/accept/",
                                    {"password": PASSWORD}, format="json")
    assert twice.status_code == 403
    accepted = api_as(s.day[0]).post(f"/api/duty/handovers/{pk}/accept/",
                                     {"password": PASSWORD}, format="json")
    assert accepted.status_code == 200
    assert Handover.objects.get().status == HandoverStatus.ACCEPTED
    board = api_as(s.lead).get(f"/api/duty/boards/{s.room.pk}/")
    assert set(board.json()["responsible"]) == {u.pk for u in s.day}
