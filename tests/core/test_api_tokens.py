"""R-SEC-2: API tokens expire after the profile's days, are listed and revoked by their
owner and the administrator, and an account with an authenticator gets one only with
a current code."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.models import ApiToken
from watchroom.core.services.api_tokens import api_token_issue
from watchroom.twofactor import services as twofactor
from watchroom.twofactor import totp


def _api(key=None):
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _obtain(user, **extra):
    return _api().post("/api/auth/token/", {"username": user.username, "password": PASSWORD,
                                            **extra}, format="json")


def test_r_sec_2_a_token_lasts_the_profiles_days_then_stops(make_staff):
    staff = make_staff(Role.OPERATOR)
    answer = _obtain(staff.user)
    assert answer.status_code == 200, answer.content
    key = answer.json()["token"]
    token = ApiToken.objects.get(user=staff.user)
    days = staff.department.site.policy.api_token_days
    assert token.expires_at - token.created_at == dt.timedelta(days=days)
    assert key not in token.key_sha256
    assert _api(key).get("/api/sites/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    refused = _api(key).get("/api/sites/")
    assert refused.status_code in (401, 403)
    assert "R-SEC-2" in refused.content.decode()


def test_r_sec_2_the_owner_lists_and_revokes_their_own_tokens_only(user_of):
    owner, other = user_of(Role.OPERATOR), user_of(Role.OPERATOR)
    mine, key = api_token_issue(actor=owner, name="laptop")
    theirs, their_key = api_token_issue(actor=other)
    listed = _api(key).get("/api/tokens/").json()["results"]
    assert [t["id"] for t in listed] == [mine.pk]
    assert _api(key).post(f"/api/tokens/{theirs.pk}/revoke/").status_code == 404
    assert _api(key).post(f"/api/tokens/{mine.pk}/revoke/").status_code == 200
    assert _api(key).get("/api/tokens/").status_code in (401, 403)
    assert _api(their_key).get("/api/tokens/").status_code == 200
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_r_sec_2_the_administrator_lists_and_revokes_anyones_token(user_of):
    admin, operator = user_of(Role.ADMINISTRATOR), user_of(Role.OPERATOR)
    _mine, admin_key = api_token_issue(actor=admin)
    theirs, their_key = api_token_issue(actor=operator)
    listed = {t["id"] for t in _api(admin_key).get("/api/tokens/").json()["results"]}
    assert theirs.pk in listed
    assert _api(admin_key).post(f"/api/tokens/{theirs.pk}/revoke/").status_code == 200
    assert _api(their_key).get("/api/sites/").status_code in (401, 403)


def test_r_sec_2_an_account_with_an_authenticator_needs_a_code_for_a_token(user_of):
    chief = user_of(Role.SECURITY_CHIEF)
    _device, secret = twofactor.authenticator_enrol(actor=chief)
    twofactor.authenticator_confirm(actor=chief, code=totp.code_at(secret, totp.current_step() - 1))
    refused = _obtain(chief)
    assert refused.status_code == 403 and refused.json()["rule"] == "R-SEC-2"
    assert not ApiToken.objects.filter(user=chief).exists()
    answer = _obtain(chief, code=totp.code_at(secret, totp.current_step()))
    assert answer.status_code == 200, answer.content


def test_r_sec_2_the_token_page_lists_and_revokes(client, user_of):
    owner = user_of(Role.OPERATOR)
    token, key = api_token_issue(actor=owner, name="laptop")
    client.force_login(owner)
    page = client.get("/core/tokens/").content.decode()
    assert f'data-testid="token-{token.pk}"' in page and "laptop" in page
    made = client.post("/core/tokens/new/", {"name": "phone"}, follow=True).content.decode()
    assert 'data-testid="new-token"' in made
    assert client.post(f"/core/tokens/{token.pk}/revoke/").status_code == 302
    assert _api(key).get("/api/sites/").status_code in (401, 403)
