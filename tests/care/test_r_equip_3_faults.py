"""R-EQUIP-3: a fault's life, from report to closure by a proving check; the item's
status follows; one open fault per item and cause; the repair is signed."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.care import support
from tests.conftest import PASSWORD, SYSTEM
from watchroom.care import services
from watchroom.care.choices import FaultCategory, FaultSource, FaultStatus, ProofKind
from watchroom.care.models import Fault
from watchroom.care.selectors import faults as selectors
from watchroom.core.choices import Role
from watchroom.devices.choices import EquipmentStatus
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def _repair(fault, tech, *, password=PASSWORD):
    services.fault_repair_start(actor=tech, fault=fault)
    return services.fault_repair_record(actor=tech, fault=fault, cause_found="电源适配器损坏",
                                        work_done="更换电源适配器", parts="12V 2A 适配器",
                                        password=password)


def test_r_equip_3_fault_life_status_follows(area, user_of):
    camera = support.camera(area)
    operator, tech, head = user_of(Role.OPERATOR), user_of(Role.TECHNICIAN), \
        user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.IMAGE_LOSS, description="黑屏",
                                  source=FaultSource.EQUIPMENT_PAGE)
    camera.refresh_from_db()
    assert fault.status == FaultStatus.OPEN and camera.status == EquipmentStatus.FAULTY
    assert fault.deadline == fault.reported_at + dt.timedelta(hours=24)
    services.fault_assign(actor=head, fault=fault, assignee=tech)
    services.fault_repair_start(actor=tech, fault=fault)
    camera.refresh_from_db()
    assert camera.status == EquipmentStatus.UNDER_REPAIR
    repair = services.fault_repair_record(actor=tech, fault=fault, cause_found="线缆松动",
                                          work_done="重新接线", password=PASSWORD)
    fault.refresh_from_db()
    assert fault.status == FaultStatus.REPAIRED
    support.health_check(camera, repair.recorded_at + dt.timedelta(minutes=5))
    services.fault_close(actor=head, fault=fault)
    fault.refresh_from_db()
    camera.refresh_from_db()
    assert fault.status == FaultStatus.CLOSED and fault.proof_kind == ProofKind.HEALTH_CHECK
    assert camera.status == EquipmentStatus.IN_SERVICE


def test_r_equip_3_deadline_from_the_profile(area, user_of, policy):
    policy.fault_repair_hours = 8
    policy.save(update_fields=["fault_repair_hours"])
    camera = support.camera(area)
    now = timezone.now()
    fault = services.fault_report(actor=user_of(Role.OPERATOR), equipment=camera,
                                  category=FaultCategory.NOISE, now=now)
    assert fault.deadline == now + dt.timedelta(hours=8)


def test_r_equip_3_close_refused_without_proof_and_with_an_older_one(area, user_of):
    camera = support.camera(area)
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=head, equipment=camera, category=FaultCategory.UNCLEAR)
    support.health_check(camera, timezone.now() - dt.timedelta(minutes=1))  # before repair
    with pytest.raises(RuleViolation):  # not repaired yet
        services.fault_close(actor=head, fault=fault)
    repair = _repair(fault, tech)
    assert selectors.fault_close_refusal(head, fault) is not None
    with pytest.raises(RuleViolation) as refused:
        services.fault_close(actor=head, fault=fault)
    assert refused.value.rule_id == "R-EQUIP-3"
    support.health_check(camera, repair.recorded_at + dt.timedelta(minutes=1), ok=False)
    with pytest.raises(RuleViolation):
        services.fault_close(actor=head, fault=fault)
    fault.refresh_from_db()
    assert fault.status == FaultStatus.REPAIRED
    support.health_check(camera, repair.recorded_at + dt.timedelta(minutes=2))
    assert selectors.fault_close_refusal(head, fault) is None
    services.fault_close(actor=head, fault=fault)


def test_r_equip_3_one_open_fault_per_equipment_and_cause(area, user_of):
    camera = support.camera(area)
    operator = user_of(Role.OPERATOR)
    first = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.OVERHEATING, description="发烫")
    again = services.fault_report(actor=user_of(Role.SHIFT_LEAD), equipment=camera,
                                  category=FaultCategory.OVERHEATING, description="仍然发烫",
                                  source=FaultSource.DUTY_LOG)
    assert again.pk == first.pk
    assert Fault.objects.count() == 1
    assert [r.description for r in first.reports.all()] == ["仍然发烫"]
    other = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.IMAGE_LOSS, cause="health.black")
    assert other.pk != first.pk


def test_r_equip_3_status_stays_faulty_while_another_fault_is_open(area, user_of):
    camera = support.camera(area)
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    first = services.fault_report(actor=head, equipment=camera, category=FaultCategory.NOISE)
    services.fault_report(actor=head, equipment=camera, category=FaultCategory.CLOCK,
                          cause="health.clock")
    repair = _repair(first, tech)
    support.health_check(camera, repair.recorded_at + dt.timedelta(seconds=30))
    services.fault_close(actor=head, fault=first)
    camera.refresh_from_db()
    assert camera.status == EquipmentStatus.FAULTY


def test_r_equip_3_signed_repair_refuses_a_wrong_password(area, user_of):
    camera = support.camera(area)
    tech = user_of(Role.TECHNICIAN)
    fault = services.fault_report(actor=tech, equipment=camera, category=FaultCategory.OTHER)
    services.fault_repair_start(actor=tech, fault=fault)
    with pytest.raises(RuleViolation) as refused:
        services.fault_repair_record(actor=tech, fault=fault, cause_found="x", work_done="y",
                                     password="wrong")
    assert refused.value.status == 403
    fault.refresh_from_db()
    assert fault.status == FaultStatus.IN_REPAIR and not fault.repairs.exists()


def test_r_equip_3_only_technicians_repair(area, user_of):
    camera = support.camera(area)
    operator = user_of(Role.OPERATOR)
    fault = services.fault_report(actor=operator, equipment=camera, category=FaultCategory.OTHER)
    with pytest.raises(RuleViolation):
        services.fault_repair_start(actor=operator, fault=fault)
    with pytest.raises(RuleViolation):
        services.fault_assign(actor=user_of(Role.SHIFT_LEAD), fault=fault, assignee=operator)


def test_r_equip_3_display_closed_by_a_second_person_with_password(room, user_of):
    display = support.display(room)
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=head, equipment=display, category=FaultCategory.IMAGE_LOSS)
    _repair(fault, tech)
    # The repairer does not prove their own repair.
    assert selectors.fault_close_refusal(tech, fault) is not None
    with pytest.raises(RuleViolation):
        services.fault_close(actor=head, fault=fault, password="wrong", note="画面正常")
    with pytest.raises(RuleViolation):
        services.fault_close(actor=head, fault=fault, password=PASSWORD, note="")
    services.fault_close(actor=head, fault=fault, password=PASSWORD, note="开机画面正常")
    fault.refresh_from_db()
    display.refresh_from_db()
    assert fault.proof_kind == ProofKind.WITNESS
    assert display.status == EquipmentStatus.IN_SERVICE


def test_r_equip_3_open_faults_by_deadline(area, user_of):
    operator, tech = user_of(Role.OPERATOR), user_of(Role.TECHNICIAN)
    now = timezone.now()
    later = services.fault_report(actor=operator, equipment=support.camera(area),
                                  category=FaultCategory.OTHER, now=now)
    sooner = services.fault_report(actor=operator, equipment=support.camera(area),
                                   category=FaultCategory.OTHER, now=now - dt.timedelta(hours=30))
    faults = selectors.open_faults(now=now)
    assert [f.pk for f in faults] == [sooner.pk, later.pk]
    assert faults[0].overdue and not faults[1].overdue
    with translation.override("en"):
        assert selectors.remaining_text(faults[0], now).startswith("overdue by 6 h")
        assert selectors.remaining_text(faults[1], now) == "24 h 0 min left"
    assert [f.pk for f in selectors.open_faults(user=tech, now=now)] == [sooner.pk, later.pk]
    assert selectors.open_faults(user=operator, now=now) == []


def _seal(camera, start):
    from watchroom.recording import services as recording
    from watchroom.recording import storage
    return recording.segment_seal(
        actor=SYSTEM, camera_id=camera.pk, start=start, end=start + dt.timedelta(minutes=1),
        relpath=storage.segment_relpath(camera.pk, camera.code, start), size=1,
        sha256="0" * 64)


def test_r_equip_3_recorder_closed_by_playback_of_a_recording_made_after_the_repair(
        area, site, user_of):
    from watchroom.devices import services as devices
    from watchroom.recording import access
    from watchroom.recording import services as recording

    recorder = devices.recorder_create(actor=SYSTEM, code="FNVR1", name="录像机 1", site=site)
    camera = support.camera(area, recorder=recorder)
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=head, equipment=recorder,
                                  category=FaultCategory.NO_RECORDING)
    _seal(camera, timezone.now() - dt.timedelta(hours=2))  # recorded before the fault
    repair = _repair(fault, tech)
    fault.refresh_from_db()
    # Recorded before: no witness either, since Watchroom records its cameras.
    assert selectors.fault_close_refusal(head, fault) is not None
    after = _seal(camera, repair.recorded_at + dt.timedelta(seconds=5))
    assert selectors.fault_close_refusal(head, fault) is not None  # not played back yet
    recording.segment_fetch_record(actor=head, segment=after,
                                   basis=access.PLAYBACK_CHECK_BASIS,
                                   now=repair.recorded_at + dt.timedelta(minutes=3))
    assert selectors.fault_close_refusal(head, fault) is None
    services.fault_close(actor=head, fault=fault)
    fault.refresh_from_db()
    recorder.refresh_from_db()
    assert fault.proof_kind == ProofKind.PLAYBACK and fault.proof["segment"] == after.pk
    assert recorder.status == EquipmentStatus.IN_SERVICE
