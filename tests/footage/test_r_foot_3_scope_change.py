"""R-FOOT-3, R-REC-4: a changed scope is held and re-enters the chain."""

import pytest

from tests.support.footage import approve_all
from watchroom.footage import selectors, services
from watchroom.footage.choices import Status
from watchroom.recording.models import Hold
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_3_a_changed_scope_re_enters_the_chain(police_request, people, footage_window):
    request = approve_all(police_request(), people)
    camera = selectors.current_scope(request)[0].camera
    start, end = footage_window
    services.request_scope_change(actor=people["operator"], request=request,
                                  scope=[(camera, start, end)])
    request.refresh_from_db()
    assert (request.status, request.step, request.scope_version) == (Status.PENDING, 0, 2)
    with pytest.raises(RuleViolation, match="R-FOOT-3"):
        services.retrieval_view(actor=people["executor"], request=request, camera=camera,
                                start=start, end=end)
    assert Hold.objects.filter(link_ref=request.number).count() == 2
    approve_all(request, people)
    services.retrieval_view(actor=people["executor"], request=request, camera=camera,
                            start=start, end=end)
