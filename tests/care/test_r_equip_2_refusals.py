"""R-EQUIP-2: a site's maintenance plan names only that site's equipment; its work orders
and its maintenance record never list another site's items."""

import pytest

from tests.care.conftest import START
from tests.conftest import SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.care.models import MaintenancePlan, WorkOrderLine
from watchroom.care.services.maintenance import maintenance_plan_change, maintenance_plan_create
from watchroom.core import services as core
from watchroom.devices import services as devices
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_camera(policy, department):
    other = core.site_create(actor=SYSTEM, code="S-B", name="分院", policy=policy)
    area = core.area_create(actor=SYSTEM, site=other, code="A-B", name="分院大厅",
                            department=department)
    return devices.camera_create(actor=SYSTEM, code="CAM-B", name="分院大厅", area=area)


def _plan(actor, site, equipment_id):
    return maintenance_plan_create(
        actor=actor, site=site, name="镜头清洁", work="lens_cleaning",
        equipment_model="devices.camera", equipment_id=equipment_id, interval_days=30,
        checklist=[{"text": "镜头清洁", "unit": ""}], now=START)


def test_r_equip_2_a_plan_does_not_name_another_sites_item(kit, tech, their_camera):
    events = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as caught:
        _plan(tech, kit["site"], their_camera.pk)
    assert caught.value.rule_id == "R-EQUIP-2"
    assert "equipment_id" in caught.value.fields
    assert not MaintenancePlan.objects.exists()
    assert [e.action for e in AuditEvent.objects.order_by("seq")[events:]] == ["rule.refused"]
    plan = _plan(tech, kit["site"], kit["cameras"][0].pk)
    with pytest.raises(RuleViolation):
        maintenance_plan_change(actor=tech, plan=plan, equipment_id=their_camera.pk)
    plan.refresh_from_db()
    assert plan.equipment_id == kit["cameras"][0].pk
    assert not WorkOrderLine.objects.filter(equipment_id=their_camera.pk).exists()
