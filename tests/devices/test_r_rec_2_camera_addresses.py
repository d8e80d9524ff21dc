"""R-REC-2: a camera's stream address reaches a camera, nothing else: rtsp:// or
rtsps:// to a host that is not this machine, on every path (service, form, API, import).
Loopback and the demo's test sources only where a setting allows them."""

import socket

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from watchroom.core.choices import Role
from watchroom.devices import addresses, services
from watchroom.devices.importing import ImportRejected
from watchroom.devices.models import Camera
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db

OUTSIDE = ["/srv/watchroom/recordings/00001-CAM001/2026/01/01/00/x.mp4",
           "file:///etc/passwd", "concat:/a.mp4|/b.mp4", "http://10.0.0.9/video",
           "https://10.0.0.9/live.m3u8", "tcp://10.0.0.9:554", "udp://10.0.0.9:5000",
           "subfile,,start,0,end,0,,:/etc/passwd", "data:text/plain,abc", "rtmp://10.0.0.9/x",
           "rtsp://", "rtsp://10.0.0.9/ main"]
THIS_MACHINE = ["rtsp://127.0.0.1:8554/cam0", "rtsp://localhost/cam0", "rtsp://[::1]/cam0",
                "rtsps://127.0.0.2/x", "rtsp://0.0.0.0/x", f"rtsp://{socket.gethostname()}/x"]


@pytest.fixture
def strict(settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_LOOPBACK": False,
                          "CAMERA_TEST_SOURCES": False}


def _create(system, area, url):
    return services.camera_create(actor=system, code="ADDR-1", name="收费处", area=area,
                                  stream_url=url)


@pytest.mark.parametrize("url", OUTSIDE + THIS_MACHINE + ["udp://127.0.0.1:56100"])
def test_r_rec_2_service_refuses_an_address_that_is_no_camera(strict, system, area, url):
    with pytest.raises(RuleViolation) as refused:
        _create(system, area, url)
    assert "stream_url" in refused.value.fields
    assert not Camera.objects.exists()


@pytest.mark.parametrize("url", ["rtsp://192.0.2.10:554/Streaming/Channels/101",
                                 "rtsps://user:pw@192.0.2.11/main", "RTSP://192.0.2.12/x"])
def test_r_rec_2_service_accepts_a_camera_address(strict, system, area, url):
    assert _create(system, area, url).stream_url == url


@hsettings(max_examples=60, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scheme=st.from_regex(r"[a-z][a-z0-9+.-]{0,9}", fullmatch=True).filter(
    lambda s: s not in ("rtsp", "rtsps")))
def test_r_rec_2_no_other_scheme_passes(strict, scheme):
    assert addresses.problem(f"{scheme}://192.0.2.10/x") is not None


def test_r_rec_2_update_to_another_cameras_segment_is_refused(strict, system, area):
    camera = _create(system, area, "rtsp://192.0.2.10/main")
    with pytest.raises(RuleViolation):
        services.camera_update(actor=system, camera=camera,
                               stream_url="/data/recordings/00002-CAM-2/2026/x.mp4")
    camera.refresh_from_db()
    assert camera.stream_url == "rtsp://192.0.2.10/main"


def test_r_rec_2_loopback_and_test_sources_only_where_allowed(settings, system, area):
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_LOOPBACK": True,
                          "CAMERA_TEST_SOURCES": False}
    assert addresses.problem("rtsp://127.0.0.1:8554/cam0") is None
    assert addresses.problem("udp://127.0.0.1:56100") is not None
    assert addresses.problem("file:///etc/passwd") is not None
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_LOOPBACK": False,
                          "CAMERA_TEST_SOURCES": True}
    assert addresses.problem("udp://127.0.0.1:56100") is None
    assert addresses.problem("udp://10.0.0.9:56100") is not None
    assert addresses.problem("rtsp://127.0.0.1:8554/cam0") is not None


def test_r_rec_2_form_refuses_a_file_path(strict, client_as, area):
    client = client_as(Role.TECHNICIAN)
    data = {"code": "V-9", "name": "住院部入口", "area": area.pk, "recorder": "",
            "stream_url": "file:///srv/recordings/x.mp4", "onvif_address": "",
            "username": "", "password": "", "resolution": "", "enabled": "on",
            "status": "in_service", "location": "", "supplier": "", "model_name": "",
            "serial_no": "", "install_date": "", "manual_url": "", "notes": ""}
    response = client.post(reverse("devices:camera_create"), data)
    assert response.status_code == 200
    assert "rtsp://" in response.content.decode()
    assert not Camera.objects.exists()


def test_r_rec_2_api_refuses_loopback(strict, client_as, area):
    client = client_as(Role.TECHNICIAN)
    response = client.post("/api/cameras/", {"code": "API-9", "name": "收费处", "area": area.pk,
                                              "stream_url": "rtsp://127.0.0.1:554/x"},
                           content_type="application/json")
    assert response.status_code == 400, response.json()
    assert "stream_url" in response.json()["fields"]
    assert not Camera.objects.exists()


def test_r_rec_2_import_refuses_the_row(strict, system, area):
    content = ("编号,名称,区域,码流地址\n"
               f"IMP-1,门诊大厅东,{area.code},rtsp://192.0.2.10/main\n"
               f"IMP-2,门诊大厅西,{area.code},concat:/a.mp4|/b.mp4\n").encode()
    with pytest.raises(ImportRejected) as refused:
        services.camera_import(actor=system, file_name="cameras.csv", content=content)
    (error,) = refused.value.row_errors
    assert error.row == 3 and "rtsp://" in error.message
    assert not Camera.objects.exists()
