"""R-REC-6 (a gap is a fault) for a camera an outside recorder records: the worker reads
the recorder's recording-history events over ONVIF Profile G (a real recorder service on
loopback); a gap inside a video track's span longer than the site's tolerance raises
Watchroom's own `recording.gap` alert on that camera, once across runs, closed at once
since the gap is over, and the camera's fault opens (R-EQUIP-3). A recorder without event
search still has its spans judged, and is recorded once."""

import datetime as dt

import pytest

from tests.support.onvif_device import OnvifDevice, Recording, Track
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.care.models import Fault
from watchroom.devices import services as devices
from watchroom.devices.choices import EquipmentStatus
from watchroom.health import tasks

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


@pytest.fixture
def cam2(nvr, area, system):
    return devices.camera_create(actor=system, code="CAM2", name="门诊大厅 2", area=area,
                                 recorder=nvr)


def recordings(device, *gaps: tuple[float, float | None], audio_gaps=()):
    """CAM1 recorded throughout; CAM2's video with these gaps (minutes ago, recorder's
    clock), its audio with `audio_gaps`."""
    now = device.now()

    def ago(minutes):
        return None if minutes is None else now - dt.timedelta(minutes=minutes)

    device.recordings = [
        Recording("REC1", "CAM1", tracks=[Track("V1", "Video", ago(2880), now)]),
        Recording("REC2", "CAM2", tracks=[
            Track("V1", "Video", ago(2880), now, gaps=[(ago(a), ago(b)) for a, b in gaps]),
            Track("A1", "Audio", ago(2880), now,
                  gaps=[(ago(a), ago(b)) for a, b in audio_gaps])])]


def gap_alerts():
    return Alert.objects.filter(kind="recording.gap").order_by("pk")


def test_r_rec_6_a_gap_inside_the_span_raises_once_and_opens_the_cameras_fault(
        nvr, nvr_device, cam2, site):
    tolerance = site.policy.camera_offline_seconds / 60
    recordings(nvr_device, (120, 100), (50, 50 - tolerance),  # the second not longer
               audio_gaps=[(90, 60)])
    assert tasks.recordings_check_task.call() == {"asked": 1, "answered": 1}
    alert = gap_alerts().get()
    assert (alert.target_type, alert.target_id) == ("devices.camera", str(cam2.pk))
    assert alert.key.startswith(f"recording.gap:recorder:{nvr.pk}:REC2:V1:")
    assert alert.severity == "critical" and "CAM2" in alert.message
    assert alert.closed_at is not None  # the gap is over
    fault = Fault.objects.get(cause="recording.gap")
    assert fault.equipment == cam2 and fault.category == "no_recording"
    assert fault.status == "open"
    cam2.refresh_from_db()
    assert cam2.status == EquipmentStatus.FAULTY
    # the next run finds the same gap again in its window: not reported twice
    tasks.recordings_check_task.call()
    assert gap_alerts().count() == 1 and Fault.objects.count() == 1
    # a new gap is
    now = nvr_device.now()
    nvr_device.recordings[1].tracks[0].gaps.append(
        (now - dt.timedelta(minutes=30), now - dt.timedelta(minutes=20)))
    tasks.recordings_check_task.call()
    assert gap_alerts().count() == 2
    assert Fault.objects.filter(cause="recording.gap").count() == 1  # joins the open fault
    assert fault.reports.count() == 1


def test_a_gap_still_open_is_the_stopped_recording_not_a_gap(nvr, nvr_device, cam2):
    recordings(nvr_device, (30, None))
    nvr_device.recordings[1].tracks[0].data_to = nvr_device.now() - dt.timedelta(minutes=30)
    tasks.recordings_check_task.call()
    assert not gap_alerts().exists()
    assert Alert.objects.filter(kind="health.recorder_stopped", closed_at__isnull=True,
                                target_id=str(cam2.pk)).exists()


def test_a_stopped_recording_of_no_camera_in_the_archive_is_the_recorders(nvr, nvr_device):
    recordings(nvr_device)
    nvr_device.recordings[0].stops = [
        (nvr_device.now() - dt.timedelta(hours=3), nvr_device.now() - dt.timedelta(hours=2))]
    tasks.recordings_check_task.call()
    alert = gap_alerts().get()
    assert (alert.target_type, alert.target_id) == ("devices.recorder", str(nvr.pk))
    assert Fault.objects.get(cause="recording.gap").equipment == nvr


def test_a_recorder_without_event_search_still_has_its_spans_judged(nvr, nvr_device, cam2):
    recordings(nvr_device, (120, 100))
    nvr_device.event_search = False
    nvr_device.recordings[1].tracks[0].data_to = nvr_device.now() - dt.timedelta(minutes=30)
    assert tasks.recordings_check_task.call() == {"asked": 1, "answered": 1}
    tasks.recordings_check_task.call()
    assert Alert.objects.filter(kind="health.recorder_stopped", closed_at__isnull=True).exists()
    assert not gap_alerts().exists()
    unreadable = AuditEvent.objects.filter(action="health.recorder_gaps_unreadable")
    assert unreadable.count() == 1  # once, not at every run
    assert unreadable.get().target_id == str(nvr.pk)
    assert "FindEvents" in unreadable.get().data
