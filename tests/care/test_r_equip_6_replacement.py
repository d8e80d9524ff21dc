# ruff: noqa: F811  (the `client` fixture speaks English here)
"""R-EQUIP-6: ageing equipment listed; a replacement plan drafted, agreed by the
planning, technical and using departments, approved by the leader the profile names,
tracked to done (the old item retired)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.care.english import _english, client  # noqa: F401  (English, this module only)
from tests.conftest import PASSWORD
from watchroom.audit.models import AuditEvent
from watchroom.care.models import PlanStatus
from watchroom.care.selectors.replacement import ageing_equipment, fault_figures
from watchroom.care.services import fault_report
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
def old_ups(site, system):
    return devices.power_supply_create(actor=system, code="UPS-OLD", name="旧UPS", site=site,
                                       install_date=dt.date(2016, 5, 1))


@pytest.fixture
def new_ups(site, system):
    return devices.power_supply_create(actor=system, code="UPS-NEW", name="新UPS", site=site,
                                       install_date=dt.date(2026, 11, 20))


@pytest.fixture
def people(user_of):
    return {role: user_of(role) for role in (Role.TECHNICIAN, Role.SHIFT_LEAD,
                                             Role.DEPUTY_DIRECTOR, Role.SECURITY_CHIEF)}


def _agreed_plan(site, old_ups, people):
    plan = replacement_draft(actor=people[Role.TECHNICIAN], site=site, title="更换旧UPS",
                             reason="电池老化，续航不足", planned_date=TODAY,
                             budget_note="约 8000 元", equipment=[old_ups])
    for part, who in (("planning", Role.DEPUTY_DIRECTOR), ("technical", Role.TECHNICIAN),
                      ("using", Role.SHIFT_LEAD)):
        replacement_agree(actor=people[who], plan=plan, part=part, password=PASSWORD)
    return plan


def test_r_equip_6_ageing_list_orders_by_age_with_faults_and_downtime(old_ups, new_ups,
                                                                    people):
    rows = ageing_equipment(today=TODAY)
    assert [r.equipment.code for r in rows] == ["UPS-OLD", "UPS-NEW"]
    assert rows[0].age_years == pytest.approx(10.6, abs=0.1)
    assert rows[0].faults == 0
    assert [r.equipment.code for r in ageing_equipment(min_years=5, today=TODAY)] == [
        "UPS-OLD"]
    assert fault_figures(old_ups) == (0, dt.timedelta(0))
    reported = timezone.now() - dt.timedelta(hours=5)
    fault_report(actor=people[Role.TECHNICIAN], equipment=old_ups, category="other",
                 description="电池鼓包", now=reported)
    count, downtime = fault_figures(old_ups, now=reported + dt.timedelta(hours=5))
    assert (count, downtime) == (1, dt.timedelta(hours=5))
    assert ageing_equipment(min_faults=1, today=TODAY)[0].equipment == old_ups


def test_r_equip_6_approved_only_by_the_profiles_leader_after_agreement(
        site, old_ups, people):
    plan = replacement_draft(actor=people[Role.TECHNICIAN], site=site, title="更换",
                             reason="老化", planned_date=TODAY, equipment=[old_ups])
    with pytest.raises(RuleViolation, match="Still to agree"):
        replacement_approve(actor=people[Role.DEPUTY_DIRECTOR], plan=plan, password=PASSWORD)
    for part, who in (("planning", Role.DEPUTY_DIRECTOR), ("technical", Role.TECHNICIAN),
                      ("using", Role.SHIFT_LEAD)):
        replacement_agree(actor=people[who], plan=plan, part=part, password=PASSWORD)
    with pytest.raises(RuleViolation):  # the same department twice
        replacement_agree(actor=people[Role.SHIFT_LEAD], plan=plan, part="using",
                          password=PASSWORD)
    # A leader, but not the one this profile names.
    with pytest.raises(RuleViolation) as caught:
        replacement_approve(actor=people[Role.SECURITY_CHIEF], plan=plan, password=PASSWORD)
    assert caught.value.rule_id == "R-EQUIP-6"
    with pytest.raises(RuleViolation):  # the right leader, the wrong password
        replacement_approve(actor=people[Role.DEPUTY_DIRECTOR], plan=plan, password="bad")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    replacement_approve(actor=people[Role.DEPUTY_DIRECTOR], plan=plan, password=PASSWORD)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_role == Role.DEPUTY_DIRECTOR


def test_r_equip_6_profile_names_another_approver(people, system):
    from watchroom.core.choices import ProfileKind

    policy = core.policy_profile_create(
        actor=system, kind=ProfileKind.HOSPITAL, name="保卫处审批",
        replacement_approver=Role.SECURITY_CHIEF,
        approval_chains={"police": ["security_chief", "deputy_director"]})
    site = core.site_create(actor=system, code="S-R", name="分院", policy=policy)
    ups = devices.power_supply_create(actor=system, code="UPS-R", name="UPS", site=site)
    plan = _agreed_plan(site, ups, people)
    with pytest.raises(RuleViolation):
        replacement_approve(actor=people[Role.DEPUTY_DIRECTOR], plan=plan, password=PASSWORD)
    replacement_approve(actor=people[Role.SECURITY_CHIEF], plan=plan, password=PASSWORD)


def test_r_equip_6_tracked_to_done_retires_the_old_item(site, old_ups, new_ups, people):
    plan = _agreed_plan(site, old_ups, people)
    (item,) = plan.items.all()
    with pytest.raises(RuleViolation):  # not approved yet
        replacement_item_done(actor=people[Role.TECHNICIAN], item=item, new_code="UPS-NEW")
    replacement_approve(actor=people[Role.DEPUTY_DIRECTOR], plan=plan, password=PASSWORD)
    with pytest.raises(RuleViolation) as caught:
        replacement_item_done(actor=people[Role.TECHNICIAN], item=item, new_code="NOPE")
    assert "new_code" in caught.value.fields
    replacement_item_done(actor=people[Role.TECHNICIAN], item=item, new_code="UPS-NEW")
    old_ups.refresh_from_db()
    plan.refresh_from_db()
    item.refresh_from_db()
    assert old_ups.status == "retired"
    assert item.new_code == "UPS-NEW"
    assert plan.status == PlanStatus.DONE
    actions = list(AuditEvent.objects.filter(action__startswith="care.replacement")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["care.replacement_drafted", *["care.replacement_agreed"] * 3,
                       "care.replacement_approved", "care.replacement_item_done",
                       "care.replacement_done"]
    assert AuditEvent.objects.filter(action="power_supply.updated",
                                     target_id=str(old_ups.pk)).exists()


def test_r_equip_6_operator_cannot_draft(site, old_ups, user_of):
    with pytest.raises(RuleViolation):
        replacement_draft(actor=user_of(Role.OPERATOR), site=site, title="x", reason="y",
                          planned_date=TODAY, equipment=[old_ups])


def test_r_equip_6_pages(client, site, old_ups, new_ups, people):
    client.force_login(people[Role.TECHNICIAN])
    page = client.get(reverse("care:replacement_list") + "?years=5")
    assert "UPS-OLD" in page.content.decode()
    response = client.post(reverse("care:replacement_draft"), {
        "site": site.pk, "title": "更换旧UPS", "reason": "老化", "planned_date": "2026-12-01",
        "budget_note": "", "codes": "UPS-OLD"})
    assert response.status_code == 302
    plan_url = response.url
    response = client.post(plan_url + "agree/", {"part": "technical",
                                                  "password": PASSWORD})
    assert response.status_code == 302
    client.force_login(people[Role.DEPUTY_DIRECTOR])
    client.post(plan_url + "agree/", {"part": "planning", "password": PASSWORD})
    client.force_login(people[Role.SHIFT_LEAD])
    client.post(plan_url + "agree/", {"part": "using", "password": PASSWORD})
    page = client.get(plan_url).content.decode()
    assert 'data-testid="approve"' not in page
    client.force_login(people[Role.DEPUTY_DIRECTOR])
    assert 'data-testid="approve"' in client.get(plan_url).content.decode()
    assert client.post(plan_url + "approve/", {"password": PASSWORD}).status_code == 302
    client.force_login(people[Role.TECHNICIAN])
    from watchroom.care.models import ReplacementItem

    item = ReplacementItem.objects.get()
    client.post(reverse("care:replacement_item_done", args=[item.pk]),
                {f"item{item.pk}-new_code": "UPS-NEW"})
    old_ups.refresh_from_db()
    assert old_ups.status == "retired"
