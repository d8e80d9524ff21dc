"""R-EQUIP-3: reports join the open fault of the same item and cause only; a report of
another problem of the item is its own fault, tracked and closed on its own; only a
check that found nothing wrong proves a repair."""

import datetime as dt

import pytest

from tests.care import support
from tests.conftest import PASSWORD
from watchroom.care import services
from watchroom.care.choices import FaultCategory, FaultStatus, ProofKind
from watchroom.care.models import Fault
from watchroom.care.selectors import faults as selectors
from watchroom.core.choices import Role
from watchroom.health.models import HealthCheck
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_equip_3_another_problem_of_the_item_is_not_swallowed(area, user_of):
    camera = support.camera(area)
    operator = user_of(Role.OPERATOR)
    hot = services.fault_report(actor=operator, equipment=camera,
                                category=FaultCategory.OVERHEATING, description="外壳发烫")
    noise = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.NOISE, description="风扇异响")
    assert noise.pk != hot.pk
    assert sorted(Fault.objects.values_list("category", flat=True)) == sorted(
        [FaultCategory.OVERHEATING, FaultCategory.NOISE])
    again = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.NOISE, description="仍有异响")
    assert again.pk == noise.pk
    assert [r.description for r in noise.reports.all()] == ["仍有异响"]


def test_r_equip_3_an_excused_picture_does_not_prove_a_repair(area, user_of):
    """A check whose black picture was only excused by an approved block (R-EQUIP-5)
    passed nothing: it does not close the fault."""
    camera = support.camera(area)
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=head, equipment=camera,
                                  category=FaultCategory.IMAGE_LOSS, description="黑屏")
    services.fault_repair_start(actor=tech, fault=fault)
    repair = services.fault_repair_record(actor=tech, fault=fault, cause_found="线缆松动",
                                          work_done="重新接线", password=PASSWORD)
    HealthCheck.objects.create(
        camera=camera, checked_at=repair.recorded_at + dt.timedelta(minutes=1),
        reachable=True, ok=True, problems=["black"],
        excused={"black": "Approved block #1 (R-EQUIP-5)"})
    fault.refresh_from_db()
    assert selectors.fault_close_refusal(head, fault) is not None
    with pytest.raises(RuleViolation) as caught:
        services.fault_close(actor=head, fault=fault)
    assert caught.value.rule_id == "R-EQUIP-3"
    fault.refresh_from_db()
    assert fault.status == FaultStatus.REPAIRED
    support.health_check(camera, repair.recorded_at + dt.timedelta(minutes=2))
    services.fault_close(actor=head, fault=fault)
    fault.refresh_from_db()
    assert fault.status == FaultStatus.CLOSED and fault.proof_kind == ProofKind.HEALTH_CHECK
