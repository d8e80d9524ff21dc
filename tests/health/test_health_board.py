"""R-EQUIP-3: the health board shows every camera's last probe, worst first, filtered by
problem and area; a camera's history shows each probe's scores and thresholds, and its
pictures only to the people who may see the camera (R-FOOT-6); the check-now button
only to technicians and room heads."""

import numpy as np
import pytest
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.health import probe
from watchroom.health.models import HealthCheck
from watchroom.health.services.probes import health_check_record


@pytest.fixture(autouse=True)
def pictures_dir(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "HEALTH_PICTURES_DIR": tmp_path / "health",
                          "CAMERA_LOOPBACK": True}
    return tmp_path / "health"


@pytest.fixture
def cam(area, system):
    def make(code, *, where=None, **extra):
        return devices.camera_create(actor=system, code=code, name=f"走廊 {code}",
                                     area=where or area,
                                     stream_url=extra.pop("url", f"rtsp://192.0.2.9/{code}"),
                                     **extra)
    return make


def record(system, camera, problems=(), picture=False, excused=None):
    verdicts = {p: {"status": "fail", "score": 1.0, "threshold": 12.0} for p in problems}
    seen = probe.Observation(checked_at=timezone.now(), reachable="unreachable" not in problems,
                             source="pull", problems=list(problems), excused=excused or {},
                             verdicts=verdicts, codec="h264", width=640, height=360)
    if picture:
        seen.picture = probe.keep_picture(camera, np.full((360, 640, 3), 90, np.uint8),
                                          seen.checked_at)
    return health_check_record(actor=system, camera=camera, result=seen)


def tiles(html: str) -> list[str]:
    import re
    return re.findall(r'data-testid="health-tile" data-state="(\w+)" data-camera="(\w+)"', html)


def test_r_equip_3_the_board_shows_every_camera_worst_first(client_as, cam, system):
    healthy, black, dark, never = cam("C1"), cam("C2"), cam("C3"), cam("C4")
    excused = cam("C5")
    record(system, healthy)
    record(system, black, ["black"])
    record(system, dark, ["dark"])
    record(system, excused, ["covered"], excused={"covered": "block"})
    cam("C6", enabled=False)
    page = client_as(Role.TECHNICIAN).get("/health/")
    assert page.status_code == 200
    assert tiles(page.content.decode()) == [
        ("fault", "C2"), ("warning", "C3"), ("unchecked", "C4"), ("excused", "C5"),
        ("ok", "C1"), ("not_watched", "C6")]
    assert never.pk
    filtered = client_as(Role.SHIFT_LEAD).get("/health/?problem=dark")
    assert tiles(filtered.content.decode()) == [("warning", "C3")]


def test_r_equip_3_the_board_filters_by_area(client_as, cam, system, site, department):
    other = core.area_create(actor=system, site=site, code="B2", name="地下车库",
                             department=department)
    cam("C1")
    cam("C2", where=other)
    page = client_as(Role.TECHNICIAN).get(f"/health/?area={other.pk}")
    assert [code for _s, code in tiles(page.content.decode())] == ["C2"]


@pytest.mark.parametrize("role,seen", [
    (Role.TECHNICIAN, True), (Role.SHIFT_LEAD, True), (Role.SECURITY_CHIEF, True),
    (Role.AUDITOR, True), (Role.ADMINISTRATOR, True), (Role.OPERATOR, False),
    (Role.REQUESTER, False)])
def test_r_equip_3_who_sees_the_board(client_as, role, seen):
    client = client_as(role)
    assert client.get("/health/").status_code == (200 if seen else 403)
    assert ('href="/health/"' in client.get("/").content.decode()) is seen


def test_r_equip_3_the_history_shows_scores_thresholds_and_pictures(client_as, cam, system):
    camera = cam("C1")
    old = record(system, camera, ["black"], picture=True)
    record(system, camera, picture=True)
    page = client_as(Role.TECHNICIAN).get(f"/health/cameras/{camera.pk}/")
    html = page.content.decode()
    assert html.count('data-testid="health-check"') == 2
    assert "12.0" in html  # the threshold beside the score
    assert html.count('data-testid="health-picture"') == 2
    picture = client_as(Role.TECHNICIAN).get(f"/health/checks/{old.pk}/picture.jpg")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/jpeg"
    assert b"".join(picture.streaming_content)[:2] == b"\xff\xd8"


def test_r_foot_6_a_private_areas_pictures_only_for_its_scope(
        client_as, cam, system, site, department, user_of, client):
    ward = core.area_create(actor=system, site=site, code="W1", name="病房",
                            department=department, privacy_sensitive=True)
    camera = cam("P1", where=ward)
    check = record(system, camera, picture=True)
    outsider = user_of(Role.TECHNICIAN)
    client.force_login(outsider)
    html = client.get(f"/health/cameras/{camera.pk}/").content.decode()
    assert 'data-testid="health-picture"' not in html
    assert 'data-testid="pictures-hidden"' in html
    assert client.get(f"/health/checks/{check.pk}/picture.jpg").status_code == 404
    ward.knowledge_scope.add(outsider)
    html = client.get(f"/health/cameras/{camera.pk}/").content.decode()
    assert 'data-testid="health-picture"' in html
    assert client.get(f"/health/checks/{check.pk}/picture.jpg").status_code == 200


@pytest.mark.parametrize("role,shown", [
    (Role.TECHNICIAN, True), (Role.SHIFT_LEAD, True), (Role.AUDITOR, False)])
def test_r_equip_3_the_check_now_button_only_where_allowed(client_as, cam, role, shown):
    camera = cam("C1")
    html = client_as(role).get(f"/health/cameras/{camera.pk}/").content.decode()
    assert ('data-testid="probe-now"' in html) is shown


def test_r_equip_3_check_now_probes_the_camera(client_as, cam, django_capture_on_commit_callbacks):
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    camera = cam("C1", url=f"rtsp://127.0.0.1:{port}/cam0")
    client = client_as(Role.TECHNICIAN)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/health/cameras/{camera.pk}/check/")
    assert answer.status_code == 302
    assert AuditEvent.objects.filter(action="health.probe_requested").exists()
    assert client_as(Role.AUDITOR).post(f"/health/cameras/{camera.pk}/check/").status_code == 403


def test_r_equip_3_check_now_refused_for_a_camera_out_of_service(cam, user_of):
    from watchroom.health.services.probes import health_probe_request
    from watchroom.rules import RuleViolation

    camera = cam("C1", enabled=False)
    with pytest.raises(RuleViolation) as refused:
        health_probe_request(actor=user_of(Role.TECHNICIAN), camera=camera)
    assert refused.value.rule_id == "R-EQUIP-3"
    assert not HealthCheck.objects.exists()


def test_r_equip_3_the_api_lists_a_cameras_checks(cam, system, user_of, site, department):
    from rest_framework.test import APIClient

    camera, other = cam("C1"), cam("C2")
    record(system, camera, ["black"], picture=True)
    record(system, camera)
    record(system, other)
    ward = core.area_create(actor=system, site=site, code="W1", name="病房",
                            department=department, privacy_sensitive=True)
    private = cam("P1", where=ward)
    record(system, private, picture=True)
    client = APIClient()
    client.force_authenticate(user_of(Role.TECHNICIAN))
    answer = client.get(f"/api/health/checks/?camera={camera.pk}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    newest, oldest = body["results"]
    assert newest["ok"] is True and oldest["problems"] == ["black"]
    assert oldest["verdicts"]["black"] == {"status": "fail", "score": 1.0, "threshold": 12.0}
    assert oldest["picture_url"].endswith("/picture.jpg")
    hidden = client.get(f"/api/health/checks/?camera={private.pk}").json()["results"][0]
    assert hidden["picture_url"] is None  # R-FOOT-6
    assert client.get("/api/health/checks/?camera=x").status_code == 400
    assert client.get("/api/health/checks/?limit=2").json()["count"] == 4
    client.force_authenticate(user_of(Role.OPERATOR))
    assert client.get("/api/health/checks/").status_code == 403


def test_r_equip_3_the_sweep_can_keep_to_watchroom_recorded_cameras(cam, site, system, settings):
    from watchroom.devices.choices import RecorderKind
    from watchroom.health.selectors.probes import probed_cameras

    own = devices.recorder_create(actor=system, code="WR9", name="本机", site=site,
                                  kind=RecorderKind.WATCHROOM)
    cam("C1")
    cam("C2", recorder=own)
    assert [c.code for c in probed_cameras()] == ["C1", "C2"]
    settings.WATCHROOM = {**settings.WATCHROOM, "HEALTH_SWEEP_ONLY": "watchroom"}
    assert [c.code for c in probed_cameras()] == ["C2"]
