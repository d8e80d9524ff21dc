"""R-EQUIP-3, R-REC-6: a recording gap is a fault; alerts of broken equipment open
faults by themselves, one per item and cause, later alerts joining it."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from tests.care import support
from tests.conftest import PASSWORD, SYSTEM
from watchroom.alerts.services import alert_close, alert_raise
from watchroom.care import services
from watchroom.care.choices import FaultCategory, FaultSource, FaultStatus, ProofKind
from watchroom.care.models import Fault
from watchroom.core.choices import Role
from watchroom.devices.choices import EquipmentStatus
from watchroom.recording.services.gaps import gap_alert_key, gap_open

pytestmark = pytest.mark.django_db


def _gap(camera, since):
    with transaction.atomic():
        return gap_open(actor=SYSTEM, camera=camera, since=since)


def test_r_rec_6_gap_alert_opens_a_fault_closed_by_a_health_check(area, user_of):
    camera = support.camera(area)
    _gap(camera, timezone.now() - dt.timedelta(minutes=2))
    fault = Fault.objects.get()
    camera.refresh_from_db()
    assert (fault.cause, fault.category, fault.source) == (
        "recording.gap", FaultCategory.NO_RECORDING, FaultSource.AUTOMATIC)
    assert fault.reported_by is None and fault.equipment == camera
    assert camera.status == EquipmentStatus.FAULTY
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    services.fault_repair_start(actor=tech, fault=fault)
    repair = services.fault_repair_record(actor=tech, fault=fault, cause_found="交换机端口故障",
                                          work_done="更换端口", vendor="海康维保",
                                          password=PASSWORD)
    support.health_check(camera, repair.recorded_at + dt.timedelta(minutes=1))
    services.fault_close(actor=head, fault=fault)
    fault.refresh_from_db()
    camera.refresh_from_db()
    assert fault.status == FaultStatus.CLOSED and fault.proof_kind == ProofKind.HEALTH_CHECK
    assert camera.status == EquipmentStatus.IN_SERVICE


def test_r_rec_6_a_later_gap_joins_the_open_fault(area):
    camera = support.camera(area)
    _gap(camera, timezone.now() - dt.timedelta(minutes=10))
    with transaction.atomic():
        alert_close(actor=SYSTEM, key=gap_alert_key(camera.pk), note="resumed")
    from watchroom.recording.models import Gap
    Gap.objects.filter(camera=camera).update(end=timezone.now() - dt.timedelta(minutes=5))
    _gap(camera, timezone.now() - dt.timedelta(minutes=1))
    fault = Fault.objects.get()
    assert fault.reports.count() == 1
    assert fault.reports.get().source == FaultSource.AUTOMATIC


@pytest.mark.parametrize(("kind", "category"), [
    ("health.black", FaultCategory.IMAGE_LOSS), ("health.covered", FaultCategory.COVERED),
    ("health.moved", FaultCategory.MOVED), ("health.blurred", FaultCategory.UNCLEAR),
    ("health.unreachable", FaultCategory.OFFLINE), ("health.clock", FaultCategory.CLOCK),
])
def test_r_equip_3_health_alerts_open_faults(area, kind, category):
    camera = support.camera(area)
    cause = kind.split(".")[1]
    alert_raise(actor=SYSTEM, kind=kind, severity="warning",
                key=f"health:{cause}:camera:{camera.pk}", target=camera, message="画面异常")
    fault = Fault.objects.get()
    assert (fault.cause, fault.category, fault.equipment_id) == (kind, category, camera.pk)


def _disk_full():
    return alert_raise(actor=SYSTEM, kind="recording.disk_full", severity="critical",
                       key="recording.disk_full", message="满",
                       target=("recording.folder", "/var/recordings"))


def test_r_equip_3_an_alert_on_something_not_equipment_opens_nothing(db):
    _alert, created = _disk_full()  # no Watchroom recorder in the archive
    assert created and not Fault.objects.exists()


def test_r_rec_2_a_full_recordings_disk_is_a_fault_of_the_recorders_storage(site):
    from watchroom.devices import services as devices

    recorder = devices.recorder_create(actor=SYSTEM, site=site, code="WR1", name="本机录像",
                                       kind="watchroom")
    disks = devices.storage_create(actor=SYSTEM, site=site, code="WR1-DISK", name="录像盘",
                                   recorder=recorder, capacity_tb=8)
    _disk_full()
    fault = Fault.objects.get()
    assert (fault.cause, fault.category) == ("recording.disk_full", FaultCategory.STORAGE_FULL)
    assert fault.equipment == disks
    disks.refresh_from_db()
    assert disks.status == EquipmentStatus.FAULTY


def test_r_equip_3_other_alert_kinds_open_nothing(area):
    camera = support.camera(area)
    alert_raise(actor=SYSTEM, kind="recording.address", severity="warning",
                key=f"x:{camera.pk}", target=camera, message="地址")
    assert not Fault.objects.exists()


def _black(camera):
    return alert_raise(actor=SYSTEM, kind="health.black", severity="critical",
                       key=f"health:black:camera:{camera.pk}", message="黑屏",
                       target=camera)[0]


def test_r_equip_3_a_fault_that_recovers_by_itself_is_closed_by_the_check_that_proves_it(
        area):
    camera = support.camera(area)
    alert = _black(camera)
    fault = Fault.objects.get(cause="health.black")
    camera.refresh_from_db()
    assert camera.status == EquipmentStatus.FAULTY
    # The picture comes back: the probe keeps a passing check, then closes the alert.
    check = support.health_check(camera, timezone.now() + dt.timedelta(seconds=1))
    alert_close(actor=SYSTEM, key=alert.key, note="画面恢复")
    fault.refresh_from_db()
    camera.refresh_from_db()
    assert fault.status == FaultStatus.CLOSED and fault.closed_by is None
    assert fault.proof_kind == ProofKind.HEALTH_CHECK
    assert fault.proof["health_check"] == check.pk
    assert camera.status == EquipmentStatus.IN_SERVICE


def test_r_equip_3_no_self_closing_without_a_passing_check_or_once_repair_began(
        area, user_of):
    camera = support.camera(area)
    alert = _black(camera)
    alert_close(actor=SYSTEM, key=alert.key, note="已处理")  # no check has passed since
    fault = Fault.objects.get(cause="health.black")
    assert fault.status == FaultStatus.OPEN
    alert = _black(camera)  # joins the open fault
    services.fault_repair_start(actor=user_of(Role.TECHNICIAN), fault=fault)
    support.health_check(camera, timezone.now() + dt.timedelta(seconds=1))
    alert_close(actor=SYSTEM, key=alert.key)
    fault.refresh_from_db()
    assert fault.status == FaultStatus.IN_REPAIR  # the repairer closes it, with the proof
