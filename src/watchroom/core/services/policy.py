"""Writes to policy profiles, inside the bounds no profile may loosen (R-SEC-1)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from watchroom.core.choices import ProfileKind
from watchroom.core.models import (
    PolicyProfile,
)
from watchroom.core.policy_bounds import BOUNDS, bounds_for, is_looser
from watchroom.core.records import record_create, record_update
from watchroom.core.validation import full_clean, invalid
from watchroom.rules import RuleViolation
from watchroom.service import service

POLICY = "R-SEC-1"


PROFILE_FIGURES = [*BOUNDS, "approval_chains", "replacement_approver"]


def check_bounds(profile: PolicyProfile, names=None) -> None:
    """Every figure inside its floor and ceiling (policy_bounds), whatever the path."""
    for name in names if names is not None else BOUNDS:
        value = getattr(profile, name, None)
        if name not in BOUNDS or value is None:
            continue
        bound = bounds_for(name, profile.kind)
        if not isinstance(value, int) or isinstance(value, bool) \
                or not bound.low <= value <= bound.high:
            field = PolicyProfile._meta.get_field(name)
            if name == "retention_days" and isinstance(value, int) and value < bound.low:
                message = _("Recordings must be kept at least %(days)d days under a %(kind)s "
                            "profile.") % {"days": bound.low, "kind": profile.get_kind_display()}
            else:
                message = _("%(figure)s must be between %(low)d and %(high)d (%(rule)s).") % {
                    "figure": field.verbose_name, "low": bound.low, "high": bound.high,
                    "rule": bound.rule}
            raise RuleViolation(bound.rule, message, status=400,
                                target=profile if profile.pk else None)


def loosened(profile: PolicyProfile, fields: dict) -> list[str]:
    """The figures of `fields` that would move the looser way from `profile`'s values."""
    return [name for name, value in fields.items()
            if name in PROFILE_FIGURES and is_looser(name, getattr(profile, name), value)]


def check_profile_fields(profile: PolicyProfile, fields: dict) -> PolicyProfile:
    """The profile with `fields` applied, in memory, checked; the kind never changes."""
    if "kind" in fields and fields["kind"] != profile.kind:
        raise RuleViolation("R-SEC-1", _(
            "A policy profile's kind is fixed when it is created; make a new profile "
            "instead."), status=400, target=profile)
    known = {f.name for f in PolicyProfile._meta.fields} - {"id"}
    unknown = set(fields) - known
    if unknown:
        raise invalid(POLICY, {NON_FIELD_ERRORS: [
            _("Unknown figures: %s") % ", ".join(sorted(unknown))]})
    candidate = PolicyProfile.objects.get(pk=profile.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    check_bounds(candidate, [n for n in fields if n in BOUNDS])
    full_clean(candidate, POLICY)
    return candidate


@service
def policy_profile_create(*, actor, **fields) -> PolicyProfile:
    profile = PolicyProfile(**fields)
    if profile.kind not in ProfileKind.values:
        raise invalid(POLICY, {"kind": [_("Choose a kind of institution.")]})
    check_bounds(profile)
    return record_create(actor=actor, instance=profile, action="policy.created", rule_id=POLICY)


@service
def policy_profile_update(*, actor, profile: PolicyProfile, **fields) -> PolicyProfile:
    """Every change of a profile's numbers is audited with old and new values. A change
    inside the bounds that tightens applies at once; one that loosens any figure is
    refused here: it is proposed and a leader confirms it (changes.change_propose_policy)."""
    current = PolicyProfile.objects.select_for_update().get(pk=profile.pk)
    check_profile_fields(current, fields)
    looser = loosened(current, fields)
    if looser:
        names = ", ".join(str(PolicyProfile._meta.get_field(n).verbose_name) for n in looser)
        raise RuleViolation("R-SEC-1", _(
            "Loosening %(figures)s needs a leader's confirmation: propose the change "
            "instead.") % {"figures": names}, status=409, target=profile)
    return record_update(actor=actor, instance=profile, fields=fields, action="policy.updated",
                         rule_id=POLICY)
