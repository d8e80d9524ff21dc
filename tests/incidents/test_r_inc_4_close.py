"""R-INC-4: an incident is closed with its disposal record; a major one only once the
security chief has signed its review (cause, lessons, measures) with their own password."""

import pytest

from tests.conftest import PASSWORD
from tests.incidents.conftest import report
from watchroom.audit.models import AuditEvent
from watchroom.incidents import services
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db

REVIEW = {"cause": "门禁损坏", "lessons": "巡查不到位", "measures": "更换门禁，加强巡查"}


def test_r_inc_4_closing_needs_the_disposal_record(scene):
    incident = report(scene)
    with pytest.raises(RuleViolation) as refused:
        services.incident_close(actor=scene.head, incident=incident, disposal=" ", result="")
    assert refused.value.status == 400 and set(refused.value.fields) == {"disposal", "result"}
    incident.refresh_from_db()
    assert incident.status == "open"
    services.incident_close(actor=scene.head, incident=incident, disposal="保安到场劝离",
                            result="双方离开，无人受伤")
    incident.refresh_from_db()
    assert (incident.status, incident.closed_by, incident.disposal) == (
        "closed", scene.head, "保安到场劝离")
    assert incident.events.last().kind == "closed"
    assert AuditEvent.objects.filter(action="incident.closed").exists()


def test_r_inc_4_an_operator_does_not_close(scene):
    incident = report(scene)
    with pytest.raises(RuleViolation) as refused:
        services.incident_close(actor=scene.operator, incident=incident, disposal="x",
                                result="y")
    assert refused.value.status == 403


def test_r_inc_4_a_major_incident_closes_only_with_the_signed_review(scene):
    incident = report(scene, grade="major")
    with pytest.raises(RuleViolation) as refused:
        services.incident_close(actor=scene.chief, incident=incident, disposal="报警处理",
                                result="嫌疑人被带走")
    assert refused.value.rule_id == "R-INC-4"
    with pytest.raises(RuleViolation):
        services.incident_review(actor=scene.chief, incident=incident, password="wrong",
                                 **REVIEW)
    with pytest.raises(RuleViolation) as refused:
        services.incident_review(actor=scene.head, incident=incident, password=PASSWORD,
                                 **REVIEW)
    assert refused.value.status == 403
    with pytest.raises(RuleViolation) as refused:
        services.incident_review(actor=scene.chief, incident=incident, password=PASSWORD,
                                 cause="门禁损坏", lessons="", measures="")
    assert set(refused.value.fields) == {"lessons", "measures"}
    services.incident_review(actor=scene.chief, incident=incident, password=PASSWORD,
                             **REVIEW)
    services.incident_close(actor=scene.head, incident=incident, disposal="报警处理",
                            result="嫌疑人被带走")
    incident.refresh_from_db()
    assert (incident.status, incident.reviewed_by, incident.review_measures) == (
        "closed", scene.chief, "更换门禁，加强巡查")
    assert [e.kind for e in incident.events.all()][-2:] == ["reviewed", "closed"]


def test_r_inc_4_a_general_incident_has_no_review(scene):
    incident = report(scene)
    with pytest.raises(RuleViolation):
        services.incident_review(actor=scene.chief, incident=incident, password=PASSWORD,
                                 **REVIEW)


def test_r_inc_4_raising_the_grade_calls_for_the_review(scene):
    incident = report(scene)
    services.incident_grade(actor=scene.operator, incident=incident, grade="especially_major",
                            reason="有人受伤送医")
    with pytest.raises(RuleViolation):
        services.incident_close(actor=scene.head, incident=incident, disposal="x", result="y")
    assert incident.events.filter(kind="graded").exists()


def test_r_inc_4_a_closed_incident_takes_no_more_notes(scene):
    incident = report(scene)
    services.incident_note(actor=scene.operator, incident=incident, text="保安已到场")
    incident.refresh_from_db()
    assert incident.status == "handling"
    services.incident_close(actor=scene.head, incident=incident, disposal="劝离", result="平息")
    with pytest.raises(RuleViolation):
        services.incident_note(actor=scene.operator, incident=incident, text="补充")
