"""R-FOOT-2: the chain is signed in order, step by step, each with a fresh authenticator code."""

import datetime as dt

import pytest

from tests.support.footage import Authenticator, approve_all
from watchroom.core.choices import Role
from watchroom.footage import services
from watchroom.footage.choices import Status
from watchroom.footage.models import Approval
from watchroom.notifications.models import Notification
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_2_the_chain_runs_in_order_with_authenticator_codes(police_request, people):
    request = police_request()
    with pytest.raises(RuleViolation) as refused:
        services.request_decide(actor=people["deputy"], request=request, decision="approved",
                                code=people["deputy_app"].code())
    assert refused.value.rule_id == "R-FOOT-2"
    assert not Approval.objects.exists()
    approve_all(request, people)
    assert request.status == Status.APPROVED
    assert request.valid_until == request.approved_at + dt.timedelta(hours=72)
    assert [a.role for a in request.approvals.all()] == ["security_chief", "deputy_director"]
    assert Notification.objects.filter(user=people["operator"], text__contains=request.number
                                       ).exists()


def test_r_foot_2_a_wrong_or_replayed_code_is_refused(police_request, people):
    request = police_request()
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.request_decide(actor=people["chief"], request=request, decision="approved",
                                code="000000" if people["chief_app"].code() != "000000"
                                else "111111")
    code = people["chief_app"].code()
    services.request_decide(actor=people["chief"], request=request, decision="approved",
                            code=code)
    second = police_request()
    with pytest.raises(RuleViolation) as refused:
        services.request_decide(actor=people["chief"], request=second, decision="approved",
                                code=code)
    assert "already been used" in str(refused.value) or "已使用" in str(refused.value)
    assert not second.approvals.exists()


def test_r_foot_2_approving_twice_and_stale_approvals_are_refused(police_request, people):
    request = police_request()
    services.request_decide(actor=people["chief"], request=request, decision="approved",
                            code=people["chief_app"].code(), step=0, scope_version=1)
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.request_decide(actor=people["chief"], request=request, decision="approved",
                                code=people["chief_app"].code(), step=0, scope_version=1)
    with pytest.raises(RuleViolation, match="R-FOOT-2"):
        services.request_decide(actor=people["deputy"], request=request, decision="approved",
                                code=people["deputy_app"].code(), step=1, scope_version=2)
    assert request.approvals.count() == 1


def test_r_foot_2_one_person_cannot_sign_two_steps(police_request, people, make_staff):
    request = police_request()
    both = make_staff(Role.SECURITY_CHIEF).user
    both.groups.add(*people["deputy"].groups.all())
    app = Authenticator(both)
    services.request_decide(actor=both, request=request, decision="approved", code=app.code())
    with pytest.raises(RuleViolation) as refused:
        services.request_decide(actor=both, request=request, decision="approved", code=app.code())
    assert refused.value.rule_id == "R-FOOT-2"


def test_r_foot_2_a_rejection_needs_a_reason_and_ends_the_request(police_request, people):
    request = police_request()
    with pytest.raises(RuleViolation):
        services.request_decide(actor=people["chief"], request=request, decision="rejected",
                                code=people["chief_app"].code())
    services.request_decide(actor=people["chief"], request=request, decision="rejected",
                            code=people["chief_app"].code(), comment="范围过大")
    request.refresh_from_db()
    assert request.status == Status.REJECTED
    with pytest.raises(RuleViolation):
        services.request_decide(actor=people["deputy"], request=request, decision="approved",
                                code=people["deputy_app"].code())
