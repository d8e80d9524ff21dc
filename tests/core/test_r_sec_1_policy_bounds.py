"""R-SEC-1 and each figure's rule: a profile's kind is fixed, every figure has its floor
and ceiling on every path (service, form, API, proposal), and a refusal changes nothing."""

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from watchroom.core import services as core
from watchroom.core.choices import ProfileKind, Role
from watchroom.core.models import PendingChange, PolicyProfile
from watchroom.core.policy_bounds import BOUNDS, bounds_for
from watchroom.core.services import changes
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_r_sec_1_kind_and_figures_cannot_be_loosened_through_the_api(policy, user_of):
    """The attack: PATCH kind to enterprise with 30 days, a 41-day playback window, an
    approval valid for ever."""
    client = api_as(user_of(Role.ADMINISTRATOR))
    url = f"/api/policy-profiles/{policy.pk}/"
    before = model_to_dict(PolicyProfile.objects.get(pk=policy.pk))
    for body in ({"kind": "enterprise", "retention_days": 30}, {"kind": "enterprise"},
                 {"playback_check_minutes": 60000}, {"playback_check_minutes": 31},
                 {"approval_valid_hours": 30000}, {"approval_valid_hours": 169}):
        answer = client.patch(url, body, format="json")
        assert answer.status_code in (400, 409), (body, answer.content)
    assert model_to_dict(PolicyProfile.objects.get(pk=policy.pk)) == before


def test_r_sec_1_loosening_in_the_form_becomes_a_proposal(client_as, policy):
    client = client_as(Role.ADMINISTRATOR)
    data = {f.name: getattr(policy, f.name) for f in PolicyProfile._meta.fields
            if f.name not in ("id", "kind")}
    data["approval_chains"] = '{"police": ["security_chief", "deputy_director"]}'
    data["approval_valid_hours"] = 96
    response = client.post(reverse("core:policy_edit", args=[policy.pk]), data)
    assert response.status_code == 302
    assert PolicyProfile.objects.get(pk=policy.pk).approval_valid_hours == 72
    change = PendingChange.objects.get()
    assert change.values == {"approval_valid_hours": 96}


def test_r_foot_2_a_chain_without_the_deputy_is_looser_and_no_administrator_signs(
        policy, user_of):
    admin = user_of(Role.ADMINISTRATOR)
    with pytest.raises(RuleViolation):
        core.policy_profile_update(actor=admin, profile=policy,
                                   approval_chains={"police": ["security_chief"]})
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from the model
        core.policy_profile_update(actor=admin, profile=policy, approval_chains={
            "police": ["security_chief", "deputy_director", "administrator"]})
    assert PolicyProfile.objects.get(pk=policy.pk).approval_chains == {
        "police": ["security_chief", "deputy_director"]}


def _outside(bound):
    return st.one_of(st.integers(min_value=-3, max_value=bound.low - 1),
                     st.integers(min_value=bound.high + 1, max_value=70000))


def _state():
    return (sorted(tuple(sorted(model_to_dict(p).items(), key=lambda kv: kv[0]))
                   for p in PolicyProfile.objects.all()), PendingChange.objects.count())


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(BOUNDS)), kind=st.sampled_from(ProfileKind.values),
       data=st.data())
def test_r_sec_1_every_path_refuses_a_figure_out_of_bounds_and_changes_nothing(
        policy, user_of, client, name, kind, data):
    admin = user_of(Role.ADMINISTRATOR)
    bound = bounds_for(name, policy.kind)
    value = data.draw(_outside(bound))
    before = _state()
    with pytest.raises(RuleViolation):
        core.policy_profile_update(actor=admin, profile=policy, **{name: value})
    with pytest.raises(RuleViolation):
        changes.change_propose_policy(actor=admin, profile=policy, **{name: value})
    created = bounds_for(name, kind)
    new_value = data.draw(_outside(created))
    with pytest.raises(RuleViolation):
        core.policy_profile_create(actor=admin, kind=kind, name=f"新 {name}",
                                   **{name: new_value})
    api = api_as(admin)
    assert api.patch(f"/api/policy-profiles/{policy.pk}/", {name: value},
                     format="json").status_code in (400, 409)
    assert api.post("/api/policy-profiles/", {"kind": kind, "name": f"新 {name}",
                                              name: new_value},
                    format="json").status_code == 400
    assert api.post("/api/changes/", {"kind": "policy", "profile": policy.pk,
                                      "values": {name: value}},
                    format="json").status_code == 400
    client.force_login(admin)
    form = {f.name: getattr(policy, f.name) for f in PolicyProfile._meta.fields
            if f.name not in ("id", "kind")}
    form["approval_chains"] = '{"police": ["security_chief", "deputy_director"]}'
    form[name] = value
    assert client.post(reverse("core:policy_edit", args=[policy.pk]),
                       form).status_code in (200, 400, 409)
    assert _state() == before
