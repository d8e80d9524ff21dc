"""R-FOOT-2 on the pages and the API: a decision needs the authenticator code."""


import pytest
from django.urls import reverse

from tests.support.footage import api_as

pytestmark = pytest.mark.django_db


def test_r_foot_2_decisions_over_the_api_need_the_code(police_request, people):
    request = police_request()
    url = f"/api/footage-requests/{request.pk}/decide/"
    client = api_as(people["chief"])
    wrong = client.post(url, {"decision": "approved", "code": "12345x", "step": 0,
                              "scope_version": 1}, format="json")
    assert wrong.status_code == 403 and wrong.json()["rule"] == "R-FOOT-2"
    ok = client.post(url, {"decision": "approved", "code": people["chief_app"].code(),
                           "step": 0, "scope_version": 1}, format="json")
    assert ok.status_code == 200, ok.content
    replay = api_as(people["deputy"]).post(url, {
        "decision": "approved", "code": people["deputy_app"].code(), "step": 0,
        "scope_version": 1}, format="json")
    assert replay.status_code == 409 and replay.json()["rule"] == "R-FOOT-2"


def test_r_foot_2_a_wrong_code_on_the_page_is_shown_and_changes_nothing(police_request, people,
                                                                      client):
    from watchroom.audit.models import AuditEvent

    request = police_request()
    client.force_login(people["chief"])
    code = people["chief_app"].code()
    wrong = "000000" if code != "000000" else "111111"
    answer = client.post(reverse("footage:decide", args=[request.pk]), {
        "decision": "approved", "code": wrong, "step": 0, "scope_version": 1}, follow=True)
    assert answer.status_code == 200
    assert "R-FOOT-2" in answer.content.decode()
    assert not request.approvals.exists()
    assert AuditEvent.objects.filter(action="rule.refused", data__contains="R-FOOT-2").exists()
