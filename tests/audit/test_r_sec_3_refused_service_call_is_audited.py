"""R-SEC-3 / service.py: a refused action rolls back but its refusal stays recorded."""

import pytest

from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.models import Site
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def _create_site_then_refuse(*, actor, policy):
    core.site_create(actor=actor, code="REFUSED", name="refused site", policy=policy)
    raise RuleViolation("R-TEST-1", "refused for the test")


def test_the_refusal_is_recorded_while_its_changes_roll_back(policy, system):
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    with pytest.raises(RuleViolation):
        _create_site_then_refuse(actor=system, policy=policy)

    assert not Site.objects.filter(code="REFUSED").exists()
    new = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    assert [e.action for e in new] == ["rule.refused"]
    assert '"rule":"R-TEST-1"' in new[0].data
    assert "_create_site_then_refuse" in new[0].data
    assert new[0].actor == str(system)
