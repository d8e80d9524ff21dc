"""R-EQUIP-3: healthy cameras raise nothing over a run of repeated sweeps: four real RTSP
test cameras, each looking at its own scene (the sensor's noise fresh in every picture),
each with the reference picture the room head approved from its first check, swept
again and again for WATCHROOM_HEALTH_SOAK_SECONDS (120 s here; 600 s for the ten-minute
run in bench/README.md): not one problem, alert or fault."""

import os
import time

import pytest

from tests.conftest import SYSTEM
from watchroom.alerts.models import Alert
from watchroom.care.models import Fault
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.health import tasks
from watchroom.health.models import HealthCheck
from watchroom.health.services.references import reference_approve

# The sweep probes in threads, each with its own connection: the data is committed.
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SOAK_S = float(os.environ.get("WATCHROOM_HEALTH_SOAK_SECONDS", "120"))
PAUSE_S = 5


@pytest.fixture(autouse=True)
def health_dirs(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "HEALTH_PICTURES_DIR": tmp_path / "health",
                          "HEALTH_REFERENCES_DIR": tmp_path / "references",
                          "HEALTH_PROBE_USER": "", "CAMERA_LOOPBACK": True}


def test_r_equip_3_no_false_fault_over_a_run_of_healthy_cameras(
        rtsp_server_factory, clip, area, user_of):
    cameras = [devices.camera_create(
        actor=SYSTEM, code=f"OK{n}", name=f"走廊 {n}", area=area, resolution="640x360",
        stream_url=rtsp_server_factory(source=clip("normal", variant=n)).url(0))
        for n in range(4)]
    head = user_of(Role.SHIFT_LEAD)
    for camera in cameras:
        first = tasks.probe_and_record(camera)
        assert first.ok, (camera.code, first.problems, first.verdicts)
        reference_approve(actor=head, camera=camera, health_check=first)
    sweeps = 0
    deadline = time.monotonic() + SOAK_S
    while time.monotonic() < deadline or sweeps < 2:
        counts = tasks.sweep(parallel=2, cameras=cameras)
        assert counts["failed"] == 0, counts
        sweeps += 1
        time.sleep(PAUSE_S)
    checks = HealthCheck.objects.filter(camera__in=cameras)
    assert checks.count() == len(cameras) * (sweeps + 1)
    bad = [(c.camera.code, c.problems, c.verdicts) for c in checks if not c.ok]
    assert bad == []
    # the scene check ran against the approved picture every time
    moved = [c.verdicts.get("moved") for c in checks.exclude(
        pk__in=[c.pk for c in checks.order_by("checked_at")[:len(cameras)]])]
    assert all(m["status"] == "pass" for m in moved), moved
    assert not Alert.objects.filter(kind__startswith="health.").exists()
    assert not Fault.objects.exists()
