"""R-FOOT-3: retrieval only under an approved, unexpired request, inside its scope and need."""

import datetime as dt

import pytest

from tests.support.footage import approve_all
from watchroom.audit.models import AuditEvent
from watchroom.footage import selectors, services
from watchroom.footage.models import Retrieval
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_3_retrieval_only_inside_the_approved_scope(police_request, people,
                                                            make_camera):
    request = approve_all(police_request(), people)
    item = selectors.current_scope(request)[0]
    executor = people["executor"]
    services.retrieval_view(actor=executor, request=request, camera=item.camera,
                            start=item.start, end=item.end)
    assert Retrieval.objects.filter(request=request, operator=executor).count() == 1
    outside = [
        (item.camera, item.start - dt.timedelta(minutes=1), item.end),
        (item.camera, item.start, item.end + dt.timedelta(seconds=1)),
        (make_camera(), item.start, item.end),
    ]
    for camera, start, end in outside:
        with pytest.raises(RuleViolation) as refused:
            services.retrieval_view(actor=executor, request=request, camera=camera,
                                    start=start, end=end)
        assert refused.value.rule_id == "R-FOOT-3"
        with pytest.raises(RuleViolation):
            services.export_create(actor=executor, request=request,
                                   ranges=[(camera, start, end)])
    refusals = AuditEvent.objects.filter(action="rule.refused", data__contains="R-FOOT-3")
    assert refusals.count() == 2 * len(outside)
    assert Retrieval.objects.filter(request=request).count() == 1


def test_r_foot_3_no_retrieval_before_approval_or_after_expiry(police_request, people):
    request = police_request()
    item = selectors.current_scope(request)[0]
    with pytest.raises(RuleViolation, match="R-FOOT-3"):
        services.retrieval_view(actor=people["executor"], request=request, camera=item.camera,
                                start=item.start, end=item.end)
    approve_all(request, people)
    later = request.valid_until + dt.timedelta(seconds=1)
    with pytest.raises(RuleViolation) as refused:
        services.retrieval_view(actor=people["executor"], request=request, camera=item.camera,
                                start=item.start, end=item.end, now=later)
    assert "expired" in str(refused.value) or "过期" in str(refused.value)


def test_r_foot_3_a_viewing_request_cannot_be_exported(police_request, people):
    request = approve_all(police_request(need="view"), people)
    with pytest.raises(RuleViolation) as refused:
        services.export_create(actor=people["executor"], request=request)
    assert refused.value.rule_id == "R-FOOT-3"
