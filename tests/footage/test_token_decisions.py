"""R-SEC-2 / R-FOOT-2: an approver's API token alone never decides a footage request:
each decision needs a fresh authenticator code in the body, refused by rule otherwise."""

import pytest
from rest_framework.test import APIClient

from watchroom.core.services.api_tokens import api_token_issue

pytestmark = pytest.mark.django_db


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=user)[1]}")
    return client


def test_r_foot_2_a_token_without_a_fresh_code_cannot_decide(police_request, people):
    request = police_request()
    client = _token_client(people["chief"])
    url = f"/api/footage-requests/{request.pk}/decide/"
    body = {"decision": "approved", "comment": "同意", "step": request.step,
            "scope_version": request.scope_version}
    for code in (None, ""):
        refused = client.post(url, body if code is None else {**body, "code": code},
                              format="json")
        assert refused.status_code == 403, refused.content
        assert refused.json()["rule"] == "R-FOOT-2"
    used = people["chief_app"].code()
    assert client.post(url, {**body, "code": used}, format="json").status_code == 200
    request.refresh_from_db()
    assert request.approvals.count() == 1


def test_r_foot_2_a_code_already_used_does_not_decide_again(police_request, people):
    first, second = police_request(), police_request()
    client = _token_client(people["chief"])
    code = people["chief_app"].code()
    body = {"decision": "approved", "comment": "同意", "code": code}
    done = client.post(f"/api/footage-requests/{first.pk}/decide/",
                       {**body, "step": first.step, "scope_version": first.scope_version},
                       format="json")
    assert done.status_code == 200, done.content
    replay = client.post(f"/api/footage-requests/{second.pk}/decide/",
                         {**body, "step": second.step, "scope_version": second.scope_version},
                         format="json")
    assert replay.status_code == 403 and replay.json()["rule"] == "R-FOOT-2"
