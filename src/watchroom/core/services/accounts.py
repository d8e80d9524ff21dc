"""Accounts an administrator looks after from the person's page: deactivate and
reactivate a person (their history stays; nothing is deleted) and unlock a sign-in that
repeated wrong passwords locked (R-SEC-2). Each is audited; each refusal names its rule."""

from axes.models import AccessAttempt
from django.utils.translation import gettext as _

from watchroom.audit.context import Process
from watchroom.audit.services import audit_record
from watchroom.core import extensions
from watchroom.core.login_throttle import is_locked
from watchroom.core.models import StaffProfile
from watchroom.core.roles import GUARDED_ROLES, role_label, roles_of
from watchroom.core.services.changes import is_administrator
from watchroom.rules import RuleViolation
from watchroom.service import service


def _is_administrator(actor) -> bool:
    return isinstance(actor, Process) or is_administrator(actor)


def _refuse_unless_administrator(actor) -> None:
    if not _is_administrator(actor):
        raise RuleViolation("R-SEC-1", _(
            "Only an administrator deactivates, reactivates or unlocks accounts."), status=403)


def deactivation_refusal(actor, staff: StaffProfile) -> RuleViolation | None:
    """Why `actor` may not deactivate `staff` now, or None: what the button asks and
    what the service raises."""
    if not _is_administrator(actor):
        return RuleViolation("R-SEC-1", _(
            "Only an administrator deactivates, reactivates or unlocks accounts."), status=403)
    if not staff.user.is_active:
        return RuleViolation("R-SEC-1", _("%(name)s is already deactivated.") % {
            "name": staff.full_name}, status=409)
    if staff.user_id == getattr(actor, "pk", None):
        return RuleViolation("R-SEC-1", _("Nobody deactivates their own account."),
                             status=403)
    guarded = sorted(set(roles_of(staff.user)) & GUARDED_ROLES)
    if guarded:
        # Deactivating a leader or an administrator would take their role away without
        # the second person the role change needs (core.changes).
        return RuleViolation("R-SEC-1", _(
            "%(name)s holds %(roles)s: propose removing it first; a leader confirms it, "
            "then the account can be deactivated.") % {
            "name": staff.full_name, "roles": "、".join(role_label(r) for r in guarded)},
            status=409)
    return extensions.person_hold(staff)


@service
def staff_deactivate(*, actor, staff: StaffProfile, reason: str = "") -> StaffProfile:
    """The person can no longer sign in (sessions and API tokens stop working at once)
    and is no longer offered on rosters or forms; everything they did stays theirs."""
    staff = StaffProfile.objects.select_for_update().select_related("user").get(pk=staff.pk)
    refusal = deactivation_refusal(actor, staff)
    if refusal is not None:
        raise refusal
    staff.user.is_active = False
    staff.user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="staff.deactivated", target=staff,
                 data={"username": staff.user.get_username(), "reason": reason.strip()[:300]})
    return staff


def may_reactivate(actor, staff: StaffProfile) -> bool:
    return _is_administrator(actor) and not staff.user.is_active


@service
def staff_reactivate(*, actor, staff: StaffProfile) -> StaffProfile:
    """The person may sign in again; they must choose a new password first (R-SEC-2)."""
    staff = StaffProfile.objects.select_for_update().select_related("user").get(pk=staff.pk)
    _refuse_unless_administrator(actor)
    if staff.user.is_active:
        raise RuleViolation("R-SEC-1", _("%(name)s is active.") % {"name": staff.full_name},
                            status=409)
    guarded = set(roles_of(staff.user)) & GUARDED_ROLES
    if guarded:
        raise RuleViolation("R-SEC-1", _(
            "%(name)s holds a leader's or administrator's role; it is granted again only by "
            "a confirmed change.") % {"name": staff.full_name}, status=409)
    staff.user.is_active = True
    staff.user.save(update_fields=["is_active"])
    staff.must_change_password = True
    staff.save(update_fields=["must_change_password"])
    audit_record(actor=actor, action="staff.reactivated", target=staff,
                 data={"username": staff.user.get_username()})
    return staff


def may_unlock(actor, staff: StaffProfile) -> bool:
    return _is_administrator(actor) and is_locked(staff.user.get_username())


@service
def staff_unlock(*, actor, staff: StaffProfile) -> StaffProfile:
    """Forgets the wrong passwords counted against the person's user name, at every
    address: the lock and the slowdown both end."""
    _refuse_unless_administrator(actor)
    username = staff.user.get_username()
    if not is_locked(username):
        raise RuleViolation("R-SEC-2", _("%(name)s's sign-in is not locked.") % {
            "name": staff.full_name}, status=409)
    attempts = AccessAttempt.objects.filter(username=username)
    addresses = sorted({a for a in attempts.values_list("ip_address", flat=True) if a})
    removed, _counts = attempts.delete()
    audit_record(actor=actor, action="account.unlocked", target=staff.user,
                 data={"staff": staff.employee_no, "attempts": removed,
                       "addresses": addresses})
    return staff
