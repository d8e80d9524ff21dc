"""R-FOOT-4: the hand-over completes the register, only while the approval holds."""

import datetime as dt

import pytest

from tests.support.footage import approve_all
from watchroom.audit.models import AuditEvent
from watchroom.footage import services
from watchroom.footage.choices import Status
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_foot_4_hand_over_completes_the_register(police_request, people):
    request = approve_all(police_request(), people)
    with pytest.raises(RuleViolation, match="R-FOOT-4"):
        services.handover_create(actor=people["executor"], request=request,
                                 recipient_name="张三", recipient_unit="城东派出所",
                                 recipient_id_number="", items="U盘一个")
    handover = services.handover_create(
        actor=people["executor"], request=request, recipient_name="张三",
        recipient_unit="城东派出所", recipient_id_number="012345", items="U盘一个")
    request.refresh_from_db()
    assert request.status == Status.COMPLETED
    assert handover.handed_by == people["executor"]
    assert AuditEvent.objects.filter(action="footage.handed_over").count() == 1


def test_r_foot_3_no_hand_over_after_the_approval_expired(police_request, people):
    request = approve_all(police_request(), people)
    with pytest.raises(RuleViolation) as refused:
        services.handover_create(actor=people["executor"], request=request, recipient_name="张三",
                                 recipient_unit="城东派出所", recipient_id_number="012345",
                                 items="U盘一个", now=request.valid_until + dt.timedelta(minutes=1))
    assert refused.value.rule_id == "R-FOOT-3"
    request.refresh_from_db()
    assert request.status == Status.APPROVED and not request.handovers.exists()
