"""R-FOOT-2 on the page: a wrong authenticator code is refused, and the approver finds
the decision and comment they chose still there; only the code is asked for again."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_r_foot_2_a_wrong_code_keeps_the_chosen_decision_and_comment(police_request, people,
                                                                    client):
    request = police_request()
    client.force_login(people["chief"])
    code = people["chief_app"].code()
    wrong = "000000" if code != "000000" else "111111"
    answer = client.post(reverse("footage:decide", args=[request.pk]), {
        "decision": "rejected", "comment": "范围过大，请缩小到两分钟", "code": wrong,
        "step": 0, "scope_version": 1}, follow=True)
    page = answer.content.decode()
    assert answer.status_code == 200 and "R-FOOT-2" in page
    assert re.search(r'<input type="radio" name="decision" value="rejected"[^>]*checked', page)
    assert not re.search(r'<input type="radio" name="decision" value="approved"[^>]*checked',
                         page)
    assert 'value="范围过大，请缩小到两分钟"' in page
    assert f'value="{wrong}"' not in page
    assert not request.approvals.exists()

    # The approver only types a fresh code and signs.
    answer = client.post(reverse("footage:decide", args=[request.pk]), {
        "decision": "rejected", "comment": "范围过大，请缩小到两分钟",
        "code": people["chief_app"].code(), "step": 0, "scope_version": 1})
    assert answer.status_code == 302
    assert request.approvals.get().comment == "范围过大，请缩小到两分钟"
