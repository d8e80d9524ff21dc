"""R-DUTY-5: the periodic job reads every camera's and recorder's clock that has an
ONVIF address (real device services on loopback), keeps each reading, raises the
`health.clock` alert for a clock beyond the profile's tolerance and closes it when the
clock is back; a device that cannot be read leaves a reading with its error."""

import datetime as dt

import pytest

from tests.support.onvif_device import OnvifDevice, SilentDevice
from watchroom import scheduler
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.devices import services as devices
from watchroom.health import tasks
from watchroom.health.models import ClockReading
from watchroom.health.selectors.clock import clock_key, clock_latest
from watchroom.health.services.clock import clock_measure
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def nvr_device():
    with OnvifDevice(username="admin", password="nvr-pass") as d:
        yield d


@pytest.fixture
def camera_device():
    with OnvifDevice(username="viewer", password="cam-pass") as d:
        yield d


@pytest.fixture
def equipment(site, area, system, nvr_device, camera_device):
    nvr = devices.recorder_create(actor=system, code="NVR1", name="门诊NVR", site=site,
                                  onvif_address=nvr_device.address, username="admin",
                                  password="nvr-pass")
    camera = devices.camera_create(actor=system, code="CAM1", name="门诊大厅", area=area,
                                   recorder=nvr, onvif_address=camera_device.address,
                                   username="viewer", password="cam-pass")
    plain = devices.camera_create(actor=system, code="CAM2", name="走廊", area=area)
    return nvr, camera, plain


def run_job():
    return tasks.clock_measure_task.call()


def actions(action):
    return [e for model in (AuditEvent, AuditPending)
            for e in model.objects.filter(action=action)]


def test_r_duty_5_the_job_stores_readings_raises_and_closes_the_alert(
        equipment, nvr_device, camera_device):
    nvr, camera, plain = equipment
    nvr_device.offset_s, camera_device.offset_s = 95, 2
    assert run_job() == {"read": 2, "off": 1, "unread": 0}
    assert not ClockReading.objects.filter(camera=plain).exists()
    nvr_reading, camera_reading = clock_latest(nvr), clock_latest(camera)
    assert 94 < nvr_reading.offset_s <= 95.1 and not nvr_reading.ok
    assert nvr_reading.tolerance_s == 30 and nvr_reading.round_trip_s < 1
    assert 1 < camera_reading.offset_s <= 2.1 and camera_reading.ok
    alert = Alert.objects.get(kind="health.clock", closed_at__isnull=True)
    assert alert.key == f"health:clock:recorder:{nvr.pk}" == clock_key(nvr)
    assert "+95" in alert.message or "+94" in alert.message
    assert len(actions("health.clock_changed")) == 2  # both clocks' first state

    run_job()  # still off: the same alert, no new state
    assert Alert.objects.filter(kind="health.clock").count() == 1
    assert len(actions("health.clock_changed")) == 2

    nvr_device.offset_s = -1
    run_job()
    alert.refresh_from_db()
    assert alert.closed_at is not None and "30" in alert.close_note
    assert ClockReading.objects.filter(recorder=nvr).count() == 3
    assert len(actions("health.clock_changed")) == 3

    camera_device.offset_s = -40
    run_job()
    assert Alert.objects.get(kind="health.clock", closed_at__isnull=True).key == \
        f"health:clock:camera:{camera.pk}"


def test_r_duty_5_an_unreadable_clock_is_kept_with_its_error_and_alerts_nothing(
        site, system, nvr_device):
    with SilentDevice() as silent:
        hung = devices.recorder_create(actor=system, code="NVR2", name="住院NVR", site=site,
                                       onvif_address=silent.address, username="admin",
                                       password="x")
        wrong = devices.recorder_create(actor=system, code="NVR3", name="急诊NVR", site=site,
                                        onvif_address=nvr_device.address, username="admin",
                                        password="wrong")
        reading = clock_measure(actor=system, equipment=hung, timeout=0.3)
    assert reading.offset_s is None and not reading.ok and "no answer" in reading.error
    refused = clock_measure(actor=system, equipment=wrong)
    assert refused.offset_s is None and "refused" in refused.error
    assert not Alert.objects.filter(kind="health.clock").exists()


def test_r_duty_5_equipment_without_an_onvif_address_is_not_measured(site, system):
    nvr = devices.recorder_create(actor=system, code="NVR4", name="旧NVR", site=site)
    with pytest.raises(RuleViolation) as refused:
        clock_measure(actor=system, equipment=nvr)
    assert refused.value.rule_id == "R-DUTY-5"


def test_r_duty_5_the_job_runs_every_health_check_interval(site, policy, system):
    from watchroom.core import services as core
    job = next(j for j in scheduler.jobs() if j.name == "health.clocks")
    assert job.every == dt.timedelta(minutes=5)
    assert job.task == "watchroom.health.tasks.clock_measure_task"
    core.policy_profile_update(actor=system, profile=policy, health_check_minutes=3)
    assert scheduler.health_check_every() == dt.timedelta(minutes=3)


def test_a_recorder_keeps_its_onvif_address_and_password_encrypted(site, system,
                                                                    client_as):
    from django.urls import reverse

    from watchroom.core.choices import Role
    nvr = devices.recorder_create(actor=system, code="NVR5", name="门诊NVR", site=site,
                                  onvif_address="10.0.0.8:80", username="admin",
                                  password="nvr-pass")
    assert nvr.password == "nvr-pass" and "nvr-pass" not in nvr.password_encrypted
    devices.recorder_update(actor=system, recorder=nvr, name="门诊NVR 1")
    nvr.refresh_from_db()
    assert nvr.password == "nvr-pass"  # kept when not given
    page = client_as(Role.ADMINISTRATOR).get(reverse("devices:recorder_detail", args=[nvr.pk]))
    assert "10.0.0.8:80" in page.content.decode() and "nvr-pass" not in page.content.decode()
    events = actions("recorder.created")
    assert events and "nvr-pass" not in str(events[-1].data)


def test_the_latest_reading_of_many_clocks_at_once(equipment, nvr_device, camera_device):
    from watchroom.devices.models import Camera, Recorder
    from watchroom.health.selectors.clock import clocks_latest
    nvr, camera, plain = equipment
    nvr_device.offset_s = 40
    run_job()
    nvr_device.offset_s = 3
    run_job()
    cameras = clocks_latest(Camera, [camera.pk, plain.pk])
    assert set(cameras) == {camera.pk}
    assert 2 < clocks_latest(Recorder, [nvr.pk])[nvr.pk].offset_s <= 3.1
