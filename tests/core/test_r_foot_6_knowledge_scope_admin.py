"""R-FOOT-6: the security chief keeps who is inside a privacy-sensitive area's knowledge
scope, on the area's page, each change audited; the scope has one definition
(core.selectors), which recording.access asks too."""

import json

import pytest
from django.urls import reverse

from tests.conftest import SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import selectors
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.core.services import rooms_and_scope as scope
from watchroom.recording import access
from watchroom.rules import RuleViolation


@pytest.fixture
def sensitive(site, department):
    return core.area_create(actor=SYSTEM, site=site, code="SS-1", name="手术室通道",
                            department=department, privacy_sensitive=True)


@pytest.fixture
def chief(make_staff):
    return make_staff(Role.SECURITY_CHIEF, full_name="张伟").user


def test_r_foot_6_one_definition_of_the_scope():
    assert access.in_knowledge_scope is selectors.in_knowledge_scope


def test_r_foot_6_chief_adds_and_removes_a_person_audited(chief, make_staff, sensitive):
    operator = make_staff(Role.OPERATOR, full_name="李强").user
    assert not selectors.in_knowledge_scope(operator, sensitive)
    scope.knowledge_scope_add(actor=chief, area=sensitive, person=operator)
    assert selectors.in_knowledge_scope(operator, sensitive)
    assert list(selectors.scoped_areas(operator).filter(pk=sensitive.pk)) == [sensitive]
    scope.knowledge_scope_remove(actor=chief, area=sensitive, person=operator)
    assert not selectors.in_knowledge_scope(operator, sensitive)
    added, removed = AuditEvent.objects.filter(
        action__in=["area.scope_added", "area.scope_removed"]).order_by("seq")
    assert (added.action, removed.action) == ("area.scope_added", "area.scope_removed")
    assert added.actor == chief.username and added.target_id == str(sensitive.pk)
    assert json.loads(added.data)["person"] == operator.username
    assert json.loads(removed.data)["name"] == "李强"


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.OPERATOR, Role.SHIFT_LEAD,
                                  Role.AUDITOR])
def test_r_foot_6_only_the_security_chief_changes_the_scope(make_staff, sensitive, role):
    actor = make_staff(role).user
    with pytest.raises(RuleViolation) as refused:
        scope.knowledge_scope_add(actor=actor, area=sensitive, person=actor)
    assert (refused.value.rule_id, refused.value.status) == ("R-FOOT-6", 403)
    assert not sensitive.knowledge_scope.exists()
    event = AuditEvent.objects.filter(action="rule.refused").latest("seq")
    assert json.loads(event.data)["rule"] == "R-FOOT-6" and event.actor == actor.username


def test_r_foot_6_twice_or_an_open_area_is_refused(chief, make_staff, sensitive, area):
    operator = make_staff(Role.OPERATOR).user
    scope.knowledge_scope_add(actor=chief, area=sensitive, person=operator)
    with pytest.raises(RuleViolation):
        scope.knowledge_scope_add(actor=chief, area=sensitive, person=operator)
    with pytest.raises(RuleViolation) as refused:
        scope.knowledge_scope_add(actor=chief, area=area, person=operator)
    assert refused.value.status == 409
    with pytest.raises(RuleViolation):
        scope.knowledge_scope_remove(actor=chief, area=sensitive, person=chief)
    assert AuditEvent.objects.filter(action="area.scope_added").count() == 1


def test_r_foot_6_the_area_page_lists_the_scope_and_offers_changes_to_the_chief(
        client, chief, make_staff, sensitive):
    operator = make_staff(Role.OPERATOR, full_name="王芳").user
    scope.knowledge_scope_add(actor=chief, area=sensitive, person=operator)
    url = reverse("core:area_detail", args=[sensitive.pk])

    client.force_login(make_staff(Role.ADMINISTRATOR).user)
    html = client.get(url).content.decode()
    assert "王芳" in html and 'data-testid="scope-add"' not in html
    assert 'data-testid="scope-remove"' not in html

    client.force_login(chief)
    html = client.get(url).content.decode()
    assert 'data-testid="scope-add"' in html and 'data-testid="scope-remove"' in html
    newcomer = make_staff(Role.OPERATOR, full_name="陈静").user
    client.post(reverse("core:area_scope_add", args=[sensitive.pk]), {"person": newcomer.pk})
    client.post(reverse("core:area_scope_remove", args=[sensitive.pk]), {"person": operator.pk})
    assert list(sensitive.knowledge_scope.all()) == [newcomer]
    html = client.get(url).content.decode()
    assert "陈静" in html and "王芳" not in html.split("knowledge-scope")[1].split("</ul>")[0]


def test_r_foot_6_a_post_by_someone_else_changes_nothing(client, make_staff, sensitive):
    operator = make_staff(Role.OPERATOR).user
    client.force_login(operator)
    response = client.post(reverse("core:area_scope_add", args=[sensitive.pk]),
                           {"person": operator.pk}, follow=True)
    assert "R-FOOT-6" in response.content.decode()
    assert not sensitive.knowledge_scope.exists()
