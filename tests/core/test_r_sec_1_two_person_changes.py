"""R-SEC-1, R-FOOT-2, R-FOOT-6: approver and administrator roles, an area's privacy
protection and looser policy figures change only when a leader confirms with a code."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import ChangeStatus, Role
from watchroom.core.models import PendingChange, PolicyProfile, StaffProfile
from watchroom.core.roles import roles_of
from watchroom.core.services import changes, installation
from watchroom.rules import RuleViolation
from watchroom.twofactor import services as twofactor
from watchroom.twofactor import totp

pytestmark = pytest.mark.django_db


class Phone:
    """The leader's authenticator app: each call gives a code not used before."""

    def __init__(self, user):
        self.secret = totp.new_secret()
        twofactor.authenticator_install(actor=SYSTEM, user=user, secret=self.secret)
        self.step = totp.current_step() - 1

    def code(self) -> str:
        self.step = max(self.step + 1, totp.current_step() - 1)
        return totp.code_at(self.secret, self.step)


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin(user_of):
    return user_of(Role.ADMINISTRATOR)


@pytest.fixture
def chief(user_of):
    user = user_of(Role.SECURITY_CHIEF)
    user.phone = Phone(user)
    return user


def test_r_sec_1_staff_service_refuses_approver_and_administrator_roles(admin, department):
    for role in (Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR, Role.ADMINISTRATOR):
        with pytest.raises(RuleViolation) as refused:
            core.staff_create(actor=admin, username=f"x{role}", password=PASSWORD,
                              full_name="某人", employee_no=f"X-{role}", roles=[role],
                              department=department)
        assert refused.value.rule_id == "R-SEC-1"
    assert not StaffProfile.objects.filter(employee_no__startswith="X-").exists()


def test_r_sec_1_role_set_cannot_add_or_remove_a_guarded_role(admin, make_staff):
    operator = make_staff(Role.OPERATOR)
    with pytest.raises(RuleViolation):
        core.staff_set_roles(actor=admin, staff=operator, roles=[Role.SECURITY_CHIEF])
    chief = make_staff(Role.SECURITY_CHIEF)
    with pytest.raises(RuleViolation):
        core.staff_set_roles(actor=admin, staff=chief, roles=[Role.OPERATOR])
    assert roles_of(chief.user) == [Role.SECURITY_CHIEF]


def test_r_sec_1_a_granted_role_needs_a_leaders_code(admin, chief, make_staff):
    person = make_staff(Role.SHIFT_LEAD)
    change = changes.change_propose_role(actor=admin, staff=person, role=Role.DEPUTY_DIRECTOR,
                                  grant=True, reason="新任分管副院长")
    assert Role.DEPUTY_DIRECTOR not in roles_of(person.user)
    assert AuditEvent.objects.filter(action="change.proposed", target_id=str(change.pk)).exists()
    with pytest.raises(RuleViolation):
        changes.change_confirm(actor=chief, change=change, code="000000")
    assert Role.DEPUTY_DIRECTOR not in roles_of(person.user)
    changes.change_confirm(actor=chief, change=change, code=chief.phone.code())
    assert Role.DEPUTY_DIRECTOR in roles_of(person.user)
    change.refresh_from_db()
    assert change.status == ChangeStatus.CONFIRMED and change.decided_by == chief
    event = AuditEvent.objects.filter(action="change.confirmed").latest("seq")
    assert event.actor == chief.username and '"second_factor":true' in event.data
    with pytest.raises(RuleViolation):
        changes.change_confirm(actor=chief, change=change, code=chief.phone.code())


def test_r_sec_1_proposer_subject_and_non_leaders_cannot_confirm(admin, chief, make_staff,
                                                                  user_of):
    removal = changes.change_propose_role(actor=admin, staff=chief.staff, role=Role.SECURITY_CHIEF,
                                   grant=False)
    with pytest.raises(RuleViolation) as own:
        changes.change_confirm(actor=chief, change=removal, code=chief.phone.code())
    assert "own" in str(own.value.message) or "自己" in str(own.value.message)
    for outsider in (admin, user_of(Role.SHIFT_LEAD), user_of(Role.AUDITOR)):
        with pytest.raises(RuleViolation):
            changes.change_confirm(actor=outsider, change=removal, code="123456")
    with pytest.raises(RuleViolation):
        changes.change_propose_role(actor=chief, staff=make_staff(Role.OPERATOR),
                             role=Role.SECURITY_CHIEF, grant=True)
    assert PendingChange.objects.get().status == ChangeStatus.PENDING
    assert Role.SECURITY_CHIEF in roles_of(chief)


def test_r_sec_1_administrator_and_approver_never_on_one_account(admin, chief, make_staff):
    with pytest.raises(RuleViolation):
        changes.change_propose_role(actor=admin, staff=chief.staff, role=Role.ADMINISTRATOR,
                             grant=True)
    with pytest.raises(RuleViolation):
        changes.change_propose_role(actor=admin, staff=admin.staff, role=Role.SECURITY_CHIEF,
                             grant=True)
    with pytest.raises(RuleViolation):
        installation.staff_grant_roles(actor=SYSTEM, staff=chief.staff, roles=[Role.ADMINISTRATOR])
    assert roles_of(chief) == [Role.SECURITY_CHIEF]


def test_r_foot_6_privacy_protection_is_removed_only_with_a_leaders_code(admin, chief, area):
    core.area_update(actor=admin, area=area, privacy_sensitive=True)  # tighter: at once
    with pytest.raises(RuleViolation) as refused:
        core.area_update(actor=admin, area=area, privacy_sensitive=False)
    assert refused.value.rule_id == "R-FOOT-6"
    area.refresh_from_db()
    assert area.privacy_sensitive
    change = changes.change_propose_area_not_sensitive(actor=admin, area=area,
                                                       reason="改为普通区域")
    changes.change_confirm(actor=chief, change=change, code=chief.phone.code())
    area.refresh_from_db()
    assert not area.privacy_sensitive


def test_r_sec_1_a_leader_rejects_with_a_reason_and_nothing_changes(admin, chief, make_staff):
    person = make_staff(Role.OPERATOR)
    change = changes.change_propose_role(actor=admin, staff=person, role=Role.SECURITY_CHIEF,
                                  grant=True)
    with pytest.raises(RuleViolation):
        changes.change_reject(actor=chief, change=change, comment="  ")
    changes.change_reject(actor=chief, change=change, comment="未经任命")
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    assert roles_of(person.user) == [Role.OPERATOR]


def test_r_sec_1_first_leaders_only_from_the_command_line_and_only_once(db, department,
                                                                         capsys):
    call_command("leaders", "create", "--department", department.code,
                 "--person", "zhangwei,张伟,L001,security_chief",
                 "--person", "yanghua,杨华,L002,deputy_director",
                 "--person", "admin,管理员,L003,administrator")
    out = capsys.readouterr().out
    assert "zhangwei" in out and "one-time password" in out
    assert roles_of(StaffProfile.objects.get(employee_no="L001").user) == [Role.SECURITY_CHIEF]
    event = AuditEvent.objects.filter(action="staff.roles_installed").latest("seq")
    assert event.actor == "process:command line"
    with pytest.raises(CommandError):
        call_command("leaders", "create", "--person", "other,某人,L004,security_chief")
    assert not StaffProfile.objects.filter(employee_no="L004").exists()
    admin = StaffProfile.objects.get(employee_no="L003").user
    with pytest.raises(RuleViolation):
        installation.leaders_install(actor=admin, people=[])


def test_r_sec_1_policy_loosening_is_proposed_over_the_api_and_confirmed(admin, chief,
                                                                         policy):
    url = f"/api/policy-profiles/{policy.pk}/"
    direct = api_as(admin).patch(url, {"playback_check_minutes": 20}, format="json")
    assert direct.status_code == 409 and direct.json()["rule"] == "R-SEC-1"
    proposed = api_as(admin).post("/api/changes/", {
        "kind": "policy", "profile": policy.pk, "values": {"playback_check_minutes": 20},
        "reason": "夜班回放检查时间不够"}, format="json")
    assert proposed.status_code == 201, proposed.content
    assert PolicyProfile.objects.get(pk=policy.pk).playback_check_minutes == 10
    listed = api_as(chief).get("/api/changes/").json()
    assert [c["id"] for c in listed["results"]] == [proposed.json()["id"]]
    confirmed = api_as(chief).post(f"/api/changes/{proposed.json()['id']}/confirm/",
                                   {"code": chief.phone.code()}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert PolicyProfile.objects.get(pk=policy.pk).playback_check_minutes == 20
    tighter = api_as(admin).patch(url, {"playback_check_minutes": 5}, format="json")
    assert tighter.status_code == 200, tighter.content
    assert PolicyProfile.objects.get(pk=policy.pk).playback_check_minutes == 5


def test_r_sec_1_leaders_confirm_in_the_page(client, admin, chief, make_staff):
    person = make_staff(Role.OPERATOR)
    change = changes.change_propose_role(actor=admin, staff=person, role=Role.DEPUTY_DIRECTOR,
                                  grant=True)
    client.force_login(admin)
    page = client.get(reverse("core:change_detail", args=[change.pk])).content.decode()
    assert person.full_name in page and 'name="code"' not in page
    client.force_login(chief)
    page = client.get(reverse("core:change_list")).content.decode()
    assert person.full_name in page
    detail = client.get(reverse("core:change_detail", args=[change.pk])).content.decode()
    assert 'name="code"' in detail
    wrong = client.post(reverse("core:change_confirm", args=[change.pk]), {"code": "000000"})
    assert wrong.status_code == 403
    assert Role.DEPUTY_DIRECTOR not in roles_of(person.user)
    done = client.post(reverse("core:change_confirm", args=[change.pk]),
                       {"code": chief.phone.code()})
    assert done.status_code == 302
    assert Role.DEPUTY_DIRECTOR in roles_of(person.user)
