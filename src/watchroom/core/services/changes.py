"""Two-person changes (R-SEC-1, R-FOOT-2, R-FOOT-6): an administrator proposes granting or
removing an approver or administrator role, removing an area's privacy protection, or
loosening a policy figure; a sitting leader who is neither the proposer nor the person
concerned confirms it with their authenticator code, and it is applied then, in the same
transaction. Every step is audited."""

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core import services as core
from watchroom.core.choices import ChangeKind, ChangeStatus, Role
from watchroom.core.models import Area, PendingChange, PolicyProfile, StaffProfile
from watchroom.core.roles import GUARDED_ROLES, LEADER_ROLES, roles_of
from watchroom.rules import RuleViolation
from watchroom.service import service
from watchroom.twofactor.services import check_code


def is_leader(user) -> bool:
    """A sitting leader: an active account holding an approver role."""
    return bool(getattr(user, "is_active", False)
                and set(roles_of(user)) & LEADER_ROLES)


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_active", False) and Role.ADMINISTRATOR in roles_of(user))


def can_decide(user, change: PendingChange) -> bool:
    """What the confirm and reject buttons ask, and what the service enforces."""
    return (change.status == ChangeStatus.PENDING and is_leader(user)
            and user.pk != change.proposed_by_id
            and (change.staff is None or change.staff.user_id != user.pk))


def _refuse_unless_administrator(actor) -> None:
    if not is_administrator(actor):
        raise RuleViolation("R-SEC-1", _("Only an administrator proposes these changes."),
                            status=403)


def _new(*, actor, reason: str, **fields) -> PendingChange:
    change = PendingChange.objects.create(proposed_by=actor, proposed_at=timezone.now(),
                                          reason=reason.strip()[:300], **fields)
    audit_record(actor=actor, action="change.proposed", target=change, data=_describe(change))
    return change


def _describe(change: PendingChange) -> dict:
    data = {"kind": change.kind}
    if change.staff_id:
        data.update(staff=change.staff.employee_no, role=change.role)
    if change.area_id:
        data["area"] = change.area.code
    if change.profile_id:
        data.update(profile=change.profile_id, values=change.values)
    return data


def _role_change_allowed(*, staff: StaffProfile, role: str, grant: bool) -> None:
    """R-SEC-1: the roles the person would hold afterwards are possible."""
    held = set(roles_of(staff.user))
    if grant and not type(staff.user).objects.filter(pk=staff.user_id, is_active=True).exists():
        raise RuleViolation("R-SEC-1", _("%(name)s is deactivated.") % {
            "name": staff.full_name}, status=409)
    if grant and role in held:
        raise RuleViolation("R-SEC-1", _("%(name)s already holds %(role)s.") % {
            "name": staff.full_name, "role": Role(role).label}, status=400)
    if not grant and role not in held:
        raise RuleViolation("R-SEC-1", _("%(name)s does not hold %(role)s.") % {
            "name": staff.full_name, "role": Role(role).label}, status=400)
    core.refuse_admin_and_approver(held | {role} if grant else held - {role})


@service
def change_propose_role(*, actor, staff: StaffProfile, role: str, grant: bool,
                 reason: str = "") -> PendingChange:
    """An administrator proposes granting or removing an approver or administrator role."""
    _refuse_unless_administrator(actor)
    if role not in GUARDED_ROLES:
        raise RuleViolation("R-SEC-1", _(
            "%(role)s is changed directly; it needs no confirmation.") % {
            "role": Role(role).label if role in Role.values else role}, status=400)
    _role_change_allowed(staff=staff, role=role, grant=grant)
    kind = ChangeKind.GRANT_ROLE if grant else ChangeKind.REMOVE_ROLE
    if PendingChange.objects.filter(status=ChangeStatus.PENDING, staff=staff, role=role).exists():
        raise RuleViolation("R-SEC-1", _("A change of this role for %(name)s already awaits "
                                         "a leader.") % {"name": staff.full_name})
    return _new(actor=actor, reason=reason, kind=kind, staff=staff, role=role)


@service
def change_propose_area_not_sensitive(*, actor, area: Area, reason: str = "") -> PendingChange:
    """R-FOOT-6: an area's privacy protection is removed only with a leader's consent."""
    _refuse_unless_administrator(actor)
    if not area.privacy_sensitive:
        raise RuleViolation("R-FOOT-6", _("%(area)s is not privacy-sensitive.") % {
            "area": area.name}, status=400)
    if PendingChange.objects.filter(status=ChangeStatus.PENDING, area=area).exists():
        raise RuleViolation("R-FOOT-6", _("A change of %(area)s already awaits a leader.") % {
            "area": area.name})
    return _new(actor=actor, reason=reason, kind=ChangeKind.AREA_NOT_SENSITIVE, area=area)


@service
def change_propose_policy(*, actor, profile: PolicyProfile, reason: str = "",
                   **fields) -> PendingChange:
    """New figures for a profile, checked against their bounds now and again when
    confirmed. Only the figures that change are kept."""
    _refuse_unless_administrator(actor)
    current = PolicyProfile.objects.get(pk=profile.pk)
    core.check_profile_fields(current, fields)
    values = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not values:
        raise RuleViolation("R-SEC-1", _("Nothing would change."), status=400)
    return _new(actor=actor, reason=reason, kind=ChangeKind.POLICY, profile=current,
                values=values)


def _refuse_unless_may_decide(actor, change: PendingChange) -> None:
    if change.status != ChangeStatus.PENDING:
        raise RuleViolation("R-SEC-1", _("This change was already %(status)s.") % {
            "status": change.get_status_display()})
    if not is_leader(actor):
        raise RuleViolation("R-SEC-1", _(
            "Only a security chief or a deputy director confirms or rejects these changes."),
            status=403)
    if actor.pk == change.proposed_by_id:
        raise RuleViolation("R-SEC-1", _("Nobody confirms their own proposal."), status=403)
    if change.staff_id and change.staff.user_id == actor.pk:
        raise RuleViolation("R-SEC-1", _("Nobody confirms a change of their own roles."),
                            status=403)


def _apply(change: PendingChange) -> dict:
    if change.kind in (ChangeKind.GRANT_ROLE, ChangeKind.REMOVE_ROLE):
        grant = change.kind == ChangeKind.GRANT_ROLE
        _role_change_allowed(staff=change.staff, role=change.role, grant=grant)
        group = Group.objects.get(name=change.role)
        if grant:
            change.staff.user.groups.add(group)
        else:
            change.staff.user.groups.remove(group)
        return {"roles": sorted(roles_of(change.staff.user))}
    if change.kind == ChangeKind.AREA_NOT_SENSITIVE:
        area = Area.objects.select_for_update().get(pk=change.area_id)
        area.privacy_sensitive = False
        area.save(update_fields=["privacy_sensitive"])
        return {"area": area.code, "privacy_sensitive": False}
    profile = PolicyProfile.objects.select_for_update().get(pk=change.profile_id)
    core.check_profile_fields(profile, change.values)
    before = {name: getattr(profile, name) for name in change.values}
    for name, value in change.values.items():
        setattr(profile, name, value)
    profile.save()
    return {"changes": {name: [before[name], value] for name, value in change.values.items()}}


@service
def change_confirm(*, actor, change: PendingChange, code: str, comment: str = "") -> PendingChange:
    """A sitting leader confirms with their authenticator code; the change applies now."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    _refuse_unless_may_decide(actor, change)
    check_code(user=actor, code=code, rule="R-SEC-1")
    applied = _apply(change)
    change.status = ChangeStatus.CONFIRMED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.comment = comment.strip()[:300]
    change.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit_record(actor=actor, action="change.confirmed", target=change,
                 data={**_describe(change), "proposed_by": change.proposed_by.get_username(),
                       "applied": applied, "second_factor": True})
    return change


@service
def change_reject(*, actor, change: PendingChange, comment: str) -> PendingChange:
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    _refuse_unless_may_decide(actor, change)
    if not comment.strip():
        raise RuleViolation("R-SEC-1", _("Say why the change is rejected."), status=400)
    change.status = ChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.comment = comment.strip()[:300]
    change.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    audit_record(actor=actor, action="change.rejected", target=change,
                 data={**_describe(change), "comment": change.comment})
    return change
