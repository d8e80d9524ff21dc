"""R-EQUIP-6: the plan is agreed by three parties, not by one person signing for all of
them, and it names only its own site's equipment."""

import datetime as dt

import pytest

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.care.models import ReplacementAgreement, ReplacementPlan
from watchroom.care.selectors.replacement import replacement_agree_refusal
from watchroom.care.services.replacement import (
    replacement_agree,
    replacement_approve,
    replacement_draft,
    replacement_item_done,
)
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def ups(site):
    return devices.power_supply_create(actor=SYSTEM, code="UPS-R1", name="旧UPS", site=site,
                                       install_date=dt.date(2015, 1, 1))


def test_r_equip_6_one_person_does_not_agree_for_two_departments(site, ups, user_of):
    tech = user_of(Role.TECHNICIAN)
    plan = replacement_draft(actor=tech, site=site, title="更换旧UPS", reason="老化",
                             planned_date=TODAY, equipment=[ups])
    replacement_agree(actor=tech, plan=plan, part="technical", password=PASSWORD)
    assert replacement_agree_refusal(tech, plan, "using") is not None
    for part in ("using", "planning"):
        with pytest.raises(RuleViolation) as caught:
            replacement_agree(actor=tech, plan=plan, part=part, password=PASSWORD)
        assert caught.value.rule_id == "R-EQUIP-6"
    assert list(ReplacementAgreement.objects.filter(plan=plan)
                .values_list("part", flat=True)) == ["technical"]
    # Another person still agrees for another department.
    replacement_agree(actor=user_of(Role.SHIFT_LEAD), plan=plan, part="using",
                      password=PASSWORD)


def test_r_equip_6_plan_names_only_its_own_sites_equipment(site, ups, user_of, policy):
    other = core.site_create(actor=SYSTEM, code="S-OTHER", name="分院", policy=policy)
    theirs = devices.power_supply_create(actor=SYSTEM, code="UPS-THEIRS", name="分院UPS",
                                         site=other)
    tech = user_of(Role.TECHNICIAN)
    events = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as caught:
        replacement_draft(actor=tech, site=site, title="更换",
                          reason="老化", planned_date=TODAY, equipment=[ups, theirs])
    assert caught.value.rule_id == "R-EQUIP-6"
    assert "equipment" in caught.value.fields
    assert not ReplacementPlan.objects.exists()
    assert AuditEvent.objects.filter(action="care.replacement_drafted").count() == 0
    new = AuditEvent.objects.order_by("seq")[events:]
    assert [e.action for e in new] == ["rule.refused"]


def test_r_equip_6_replaced_by_an_item_of_the_plans_own_site(site, ups, user_of, policy):
    other = core.site_create(actor=SYSTEM, code="S-NEW", name="分院", policy=policy)
    theirs = devices.power_supply_create(actor=SYSTEM, code="UPS-BRANCH", name="分院UPS",
                                         site=other)
    ours = devices.power_supply_create(actor=SYSTEM, code="UPS-R2", name="新UPS", site=site)
    tech = user_of(Role.TECHNICIAN)
    plan = replacement_draft(actor=tech, site=site, title="更换旧UPS", reason="老化",
                             planned_date=TODAY, equipment=[ups])
    for part, role in (("planning", Role.DEPUTY_DIRECTOR), ("technical", Role.TECHNICIAN),
                       ("using", Role.SHIFT_LEAD)):
        replacement_agree(actor=user_of(role), plan=plan, part=part, password=PASSWORD)
    replacement_approve(actor=user_of(Role.DEPUTY_DIRECTOR), plan=plan, password=PASSWORD)
    (item,) = plan.items.all()
    with pytest.raises(RuleViolation) as caught:
        replacement_item_done(actor=tech, item=item, new_code=theirs.code)
    assert caught.value.rule_id == "R-EQUIP-6" and "new_code" in caught.value.fields
    item.refresh_from_db()
    ups.refresh_from_db()
    assert item.replaced_at is None and ups.status != "retired"
    replacement_item_done(actor=tech, item=item, new_code=ours.code)
