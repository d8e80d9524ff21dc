import pytest
from rest_framework.test import APIClient

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.models import Site
from watchroom.core.services.api_tokens import api_token_issue


@pytest.fixture
def api_as(user_of):
    def make(role):
        client = APIClient()
        _token, key = api_token_issue(actor=user_of(role))
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


def test_token_from_username_and_password(client, make_staff):
    from tests.conftest import PASSWORD

    staff = make_staff(Role.OPERATOR)
    response = client.post("/api/auth/token/", {"username": staff.user.username,
                                                "password": PASSWORD})
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


def test_administrator_creates_a_site_through_the_service(api_as, policy):
    response = api_as(Role.ADMINISTRATOR).post(
        "/api/sites/", {"code": "WEST", "name": "西院区", "policy": policy.pk}, format="json")
    assert response.status_code == 201, response.content
    site = Site.objects.get(code="WEST")
    event = AuditEvent.objects.filter(action="site.created").latest("seq")
    assert event.target_id == str(site.pk)


def test_r_sec_1_operator_cannot_create_a_site_through_the_api(api_as, policy):
    response = api_as(Role.OPERATOR).post(
        "/api/sites/", {"code": "WEST", "name": "西院区", "policy": policy.pk}, format="json")
    assert response.status_code == 403
    assert not Site.objects.filter(code="WEST").exists()


def test_r_rec_1_api_answers_with_the_rule(api_as, policy):
    response = api_as(Role.ADMINISTRATOR).patch(
        f"/api/policy-profiles/{policy.pk}/", {"retention_days": 10}, format="json")
    assert response.status_code == 400
    assert response.json()["rule"] == "R-REC-1"


def test_bad_input_gets_400_not_500(api_as, policy, site):
    client = api_as(Role.ADMINISTRATOR)
    assert client.post("/api/sites/", {"code": "X" * 500, "name": "n", "policy": policy.pk},
                       format="json").status_code == 400
    assert client.post("/api/sites/", {"code": site.code, "name": "dup", "policy": policy.pk},
                       format="json").status_code == 400
    assert client.post("/api/areas/", {"code": "A", "name": "n", "site": site.pk,
                                       "department": 999999}, format="json").status_code == 400


def test_no_deleting_through_the_api(api_as, site):
    response = api_as(Role.ADMINISTRATOR).delete(f"/api/sites/{site.pk}/")
    assert response.status_code in (403, 405)
    assert Site.objects.filter(pk=site.pk).exists()


def test_anonymous_api_calls_are_refused(client, site):
    assert client.get("/api/sites/").status_code in (401, 403)


def test_staff_created_through_the_api_with_role(api_as, department):
    from tests.conftest import PASSWORD

    response = api_as(Role.ADMINISTRATOR).post("/api/staff/", {
        "username": "newop", "password": PASSWORD, "full_name": "新员工",
        "employee_no": "N001", "roles": ["operator"], "department": department.pk,
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["roles"] == ["operator"]
    assert "password" not in response.json()
