"""ONVIF Profile G: the worker asks each outside recorder with an ONVIF address (a real
recorder service on loopback) what it still records; a video track whose data stopped
more than twice the health-check interval ago raises `health.recorder_stopped`, judged
in the recorder's own clock, and the alert closes when the data runs again."""

import datetime as dt

import pytest

from tests.support.onvif_device import OnvifDevice, Recording, Track
from watchroom import scheduler
from watchroom.alerts.models import Alert
from watchroom.devices import services as devices
from watchroom.health import tasks
from watchroom.health.services.clock import clock_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def nvr_device():
    with OnvifDevice(username="admin", password="nvr-pass") as d:
        yield d


@pytest.fixture
def nvr(site, system, nvr_device):
    return devices.recorder_create(actor=system, code="NVR1", name="门诊NVR", site=site,
                                   kind="nvr", onvif_address=nvr_device.address,
                                   username="admin", password="nvr-pass")


def recordings(device, stopped_minutes_ago: float):
    """Two cameras on the recorder; CAM2's video stopped that long ago (recorder's clock)."""
    now = device.now()
    device.recordings = [
        Recording("REC1", "CAM1", tracks=[Track("V1", "Video", now - dt.timedelta(days=2),
                                                now)]),
        Recording("REC2", "CAM2", tracks=[Track("V1", "Video", now - dt.timedelta(days=2),
                                                now - dt.timedelta(
                                                    minutes=stopped_minutes_ago))])]


def test_a_recording_that_stopped_raises_and_closes(nvr, nvr_device):
    recordings(nvr_device, stopped_minutes_ago=30)
    assert tasks.recordings_check_task.call() == {"asked": 1, "answered": 1}
    alert = Alert.objects.get(kind="health.recorder_stopped", closed_at__isnull=True)
    assert alert.key == f"health:recorder_stopped:recorder:{nvr.pk}:REC2"
    assert "CAM2" in alert.message and alert.severity == "critical"
    recordings(nvr_device, stopped_minutes_ago=0)
    tasks.recordings_check_task.call()
    alert.refresh_from_db()
    assert alert.closed_at is not None


def test_the_recorders_clock_is_taken_into_account(nvr, nvr_device, system):
    nvr_device.offset_s = -1200  # the recorder's clock 20 minutes behind ours
    clock_measure(actor=system, equipment=nvr)
    recordings(nvr_device, stopped_minutes_ago=1)  # 21 minutes ago by our clock
    tasks.recordings_check_task.call()
    assert not Alert.objects.filter(kind="health.recorder_stopped").exists()


def test_watchroom_itself_and_recorders_without_onvif_are_not_asked(site, system,
                                                                     nvr_device):
    devices.recorder_create(actor=system, code="WR1", name="本机", site=site,
                            kind="watchroom", onvif_address=nvr_device.address)
    devices.recorder_create(actor=system, code="NVR2", name="旧NVR", site=site)
    assert tasks.recordings_check_task.call() == {"asked": 0, "answered": 0}
    assert nvr_device.requests == []


def test_an_unreachable_recorder_changes_nothing(nvr, nvr_device):
    recordings(nvr_device, stopped_minutes_ago=30)
    tasks.recordings_check_task.call()
    nvr_device.profile_g = False  # no search service any more
    assert tasks.recordings_check_task.call() == {"asked": 1, "answered": 0}
    assert Alert.objects.filter(kind="health.recorder_stopped",
                                closed_at__isnull=True).count() == 1


def test_the_job_is_scheduled():
    job = next(j for j in scheduler.jobs() if j.name == "health.recordings")
    assert job.task == "watchroom.health.tasks.recordings_check_task"


def test_r_rec_6_a_camera_its_nvr_stopped_recording_has_its_fault(nvr, nvr_device, area,
                                                                   system):
    from watchroom.care.models import Fault
    from watchroom.devices.choices import EquipmentStatus

    cam2 = devices.camera_create(actor=system, code="CAM2", name="门诊大厅 2", area=area,
                                 recorder=nvr)
    recordings(nvr_device, stopped_minutes_ago=30)
    tasks.recordings_check_task.call()
    alert = Alert.objects.get(kind="health.recorder_stopped", closed_at__isnull=True)
    assert (alert.target_type, alert.target_id) == ("devices.camera", str(cam2.pk))
    fault = Fault.objects.get(cause="health.recorder_stopped")
    assert fault.equipment == cam2 and fault.category == "no_recording"
    cam2.refresh_from_db()
    assert cam2.status == EquipmentStatus.FAULTY
