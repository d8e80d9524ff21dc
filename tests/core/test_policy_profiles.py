import pytest

from watchroom.audit.models import AuditEvent
from watchroom.core import services
from watchroom.core.choices import ProfileKind
from watchroom.core.models import PolicyProfile
from watchroom.rules import RuleViolation


def test_r_rec_1_hospital_profile_cannot_keep_less_than_90_days(policy, admin_user_):
    with pytest.raises(RuleViolation) as refused:
        services.policy_profile_update(actor=admin_user_, profile=policy, retention_days=60)
    assert refused.value.rule_id == "R-REC-1"
    assert PolicyProfile.objects.get(pk=policy.pk).retention_days == 90
    event = AuditEvent.objects.filter(action="rule.refused").latest("seq")
    assert '"rule":"R-REC-1"' in event.data
    assert event.actor == admin_user_.username


@pytest.mark.parametrize("kind", [ProfileKind.ENTERPRISE, ProfileKind.SCHOOL, ProfileKind.PROPERTY])
def test_r_rec_1_other_profiles_keep_at_least_30_days(db, system, kind):
    with pytest.raises(RuleViolation):
        services.policy_profile_create(actor=system, kind=kind, name=f"p-{kind}",
                                       retention_days=29)
    profile = services.policy_profile_create(actor=system, kind=kind, name=f"q-{kind}",
                                             retention_days=30)
    assert profile.retention_days == 30


def test_profile_change_is_audited_with_old_and_new_values(policy, admin_user_):
    services.policy_profile_update(actor=admin_user_, profile=policy, retention_days=180,
                                   clock_tolerance_seconds=20)
    event = AuditEvent.objects.filter(action="policy.updated").latest("seq")
    assert event.target_id == str(policy.pk)
    assert '"retention_days":[90,180]' in event.data
    assert '"clock_tolerance_seconds":[30,20]' in event.data


def test_bad_shift_times_are_refused_and_nothing_changes(policy, admin_user_):
    with pytest.raises(RuleViolation) as error:
        services.policy_profile_update(actor=admin_user_, profile=policy,
                                       shift_starts="08:00,25:00")
    assert "shift_starts" in error.value.fields
    assert PolicyProfile.objects.get(pk=policy.pk).shift_starts == "08:00,16:00,00:00"


def test_approval_chain_must_name_known_roles(policy, admin_user_):
    with pytest.raises(RuleViolation):
        services.policy_profile_update(actor=admin_user_, profile=policy,
                                       approval_chains={"police": ["janitor"]})
