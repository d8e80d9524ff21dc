"""R-FOOT-2, R-SEC-1: the administrator alone cannot make the approvers of a chain."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.support.footage import PDF, Authenticator
from watchroom.core.choices import Role
from watchroom.footage import services
from watchroom.footage.choices import Status
from watchroom.footage.models import FootageRequest
from watchroom.footage.rules import Upload
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_r_foot_2_administrator_alone_cannot_complete_an_approval_chain(
        make_staff, department, recorded_camera, footage_window):
    """The attack: the administrator makes a security chief, a deputy director and an
    operator through the API, each enrols its own authenticator, and the operator's request
    is approved by the other two. It must not end with an approved request."""
    admin = make_staff(Role.ADMINISTRATOR).user
    api = api_as(admin)
    made = {}
    for n, role in enumerate(("security_chief", "deputy_director", "operator")):
        answer = api.post("/api/staff/", {
            "username": f"puppet{n}", "password": PASSWORD, "full_name": f"傀儡{n}",
            "employee_no": f"P{n:03d}", "roles": [role], "department": department.pk,
        }, format="json")
        if answer.status_code == 201:
            made[role] = get_user_model().objects.get(username=f"puppet{n}")
        else:
            assert answer.status_code == 403, answer.content
            assert answer.json()["rule"] == "R-SEC-1"
    assert set(made) == {"operator"}
    # The administrator proposes the roles for the accounts it made: nobody it controls
    # can confirm them.
    chief = api.post("/api/staff/", {
        "username": "puppetc", "password": PASSWORD, "full_name": "傀儡科长",
        "employee_no": "P100", "roles": [], "department": department.pk}, format="json")
    assert chief.status_code == 201, chief.content
    proposal = api.post("/api/changes/", {"kind": "grant_role", "staff": chief.json()["id"],
                                          "role": "security_chief"}, format="json")
    assert proposal.status_code == 201, proposal.content
    confirm_url = f"/api/changes/{proposal.json()['id']}/confirm/"
    puppet = get_user_model().objects.get(username="puppetc")
    for who in (admin, puppet, made["operator"]):
        refused = api_as(who).post(confirm_url, {"code": "123456"}, format="json")
        assert refused.status_code == 403, refused.content
    assert not puppet.groups.filter(name="security_chief").exists()

    approvers = [made[r] for r in ("security_chief", "deputy_director") if r in made]
    apps = {user.pk: Authenticator(user) for user in approvers}
    start, _end = footage_window
    request = services.request_create(
        actor=made["operator"], requester_type="police", requester_name="张警官",
        requester_unit="城东派出所", requester_contact="13800000000",
        requester_id_number="110101199001011234", purpose="调查", need="copy",
        scope=[(recorded_camera, start, start + dt.timedelta(minutes=2))],
        officers=[{"name": "张三", "badge": "1"}, {"name": "李四", "badge": "2"}],
        uploads=[Upload("evidence_notice", "通知书.pdf", PDF)])
    for user in approvers:
        try:
            services.request_decide(actor=user, request=request, decision="approved",
                                    code=apps[user.pk].code(), comment="同意")
        except RuleViolation:
            pass
    assert not FootageRequest.objects.filter(status=Status.APPROVED).exists()


def test_r_foot_2_an_administrator_cannot_be_proposed_as_an_approver(make_staff):
    admin = make_staff(Role.ADMINISTRATOR)
    other_admin = make_staff(Role.ADMINISTRATOR).user
    answer = api_as(other_admin).post("/api/changes/", {
        "kind": "grant_role", "staff": admin.pk, "role": "deputy_director"}, format="json")
    assert answer.status_code == 400, answer.content
    assert answer.json()["rule"] == "R-SEC-1"
