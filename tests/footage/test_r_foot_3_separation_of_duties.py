"""R-FOOT-3: nobody approves their own request; an approver does not retrieve."""

import pytest

from tests.support.footage import approve_all
from watchroom.footage import selectors, services
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_3_nobody_approves_their_own_request(police_request, people):
    request = police_request(actor=people["chief"])
    with pytest.raises(RuleViolation) as refused:
        services.request_decide(actor=people["chief"], request=request, decision="approved",
                                code=people["chief_app"].code())
    assert refused.value.rule_id == "R-FOOT-3"


def test_r_foot_3_an_approver_may_not_execute(police_request, people, make_staff):
    chief = people["chief"]
    chief.groups.add(*people["executor"].groups.all())
    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    with pytest.raises(RuleViolation) as refused:
        services.retrieval_view(actor=chief, request=request, camera=item.camera,
                                start=item.start, end=item.end)
    assert refused.value.rule_id == "R-FOOT-3"
