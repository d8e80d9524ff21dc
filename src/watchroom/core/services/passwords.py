"""R-SEC-2: passwords are changed regularly. Every path that sets a password records
when (`StaffProfile.password_changed_at`); a password older than the profile's
`password_max_age_days`, or one an administrator reset or gave out, must be changed at
the next sign-in before anything else (core.password_middleware). R-SEC-1: a password
is personal, so one set by someone else is always temporary, and for an account with
an authenticator the change also needs a code: a temporary password alone never
takes an account over."""

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.models import PolicyProfile, StaffProfile
from watchroom.core.services.changes import is_administrator
from watchroom.core.validation import invalid
from watchroom.rules import RuleViolation
from watchroom.service import service
from watchroom.twofactor import services as twofactor

EXPIRED = "expired"
RESET = "reset"


def max_age_days(staff: StaffProfile) -> int | None:
    """The profile of the person's site; without one, the shortest any profile sets."""
    if staff.department_id is not None:
        days = (PolicyProfile.objects.filter(sites__departments__pk=staff.department_id)
                .values_list("password_max_age_days", flat=True).first())
        if days is not None:
            return days
    return PolicyProfile.objects.aggregate(days=Min("password_max_age_days"))["days"]


def expires_at(staff: StaffProfile) -> dt.datetime | None:
    days = max_age_days(staff)
    if days is None or staff.password_changed_at is None:
        return None
    return staff.password_changed_at + dt.timedelta(days=days)


def change_required(user, now: dt.datetime | None = None) -> str | None:
    """Why the user must change their password before doing anything else: RESET (an
    administrator reset it or gave a temporary one), EXPIRED (older than the profile
    allows), or None. An account without a staff record (a host superuser) is not
    asked."""
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    if staff is None:
        return None
    if staff.must_change_password:
        return RESET
    ends = expires_at(staff)
    if ends is not None and ends <= (now or timezone.now()):
        return EXPIRED
    return None


def record_password_set(staff: StaffProfile, *, temporary: bool) -> None:
    """Inside the caller's transaction: the password was set now; `temporary` when
    someone other than the person chose it."""
    staff.password_changed_at = timezone.now()
    staff.must_change_password = temporary
    staff.save(update_fields=["password_changed_at", "must_change_password"])


def _check_new(user, password: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise invalid("R-SEC-2", {"new_password": exc.messages}) from None


@service
def password_change_own(*, actor, current_password: str, new_password: str,
                        code: str = "") -> StaffProfile:
    """Anyone changes their own password with the current one (and, with an
    authenticator, a current code); the new one must differ and pass the validators."""
    staff = StaffProfile.objects.select_for_update().select_related("user").get(user=actor)
    user = staff.user
    if not user.check_password(current_password or ""):
        raise RuleViolation("R-SEC-2", _("The current password is wrong."), status=400,
                            target=user)
    if twofactor.is_enrolled(user):
        twofactor.check_code(user=user, code=code, rule="R-SEC-2")
    if user.check_password(new_password or ""):
        raise RuleViolation("R-SEC-2", _(
            "The new password must differ from the current one."), status=400)
    _check_new(user, new_password)
    reason = change_required(user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_password_set(staff, temporary=False)
    audit_record(actor=actor, action="password.changed", target=user,
                 data={"required": reason or ""})
    return staff


def _refuse_unless_administrator(actor, staff: StaffProfile) -> None:
    if not is_administrator(actor):
        raise RuleViolation("R-SEC-1", _(
            "Only an administrator resets passwords or unlocks accounts."), status=403)
    if staff.user_id == actor.pk:
        raise RuleViolation("R-SEC-1", _(
            "Nobody resets their own password this way; change it on “Change password”."),
            status=403)


def _refuse_inactive(staff: StaffProfile) -> None:
    if not staff.user.is_active:
        raise RuleViolation("R-SEC-1", _(
            "%(name)s is deactivated; reactivate the account first.") % {
            "name": staff.full_name}, status=409)


def may_reset(actor, staff: StaffProfile) -> bool:
    """What the reset buttons ask, and what the services enforce."""
    return (is_administrator(actor) and staff.user_id != actor.pk
            and staff.user.is_active)


@service
def password_force_change(*, actor, staff: StaffProfile) -> StaffProfile:
    """The person keeps their password but must change it at the next sign-in; pages they
    have open ask for it at once."""
    staff = StaffProfile.objects.select_for_update().select_related("user").get(pk=staff.pk)
    _refuse_unless_administrator(actor, staff)
    _refuse_inactive(staff)
    staff.must_change_password = True
    staff.save(update_fields=["must_change_password"])
    audit_record(actor=actor, action="password.reset_forced", target=staff.user,
                 data={"staff": staff.employee_no})
    return staff


@service
def password_set_temporary(*, actor, staff: StaffProfile, password: str) -> StaffProfile:
    """A password the administrator hands over, to be changed at the first sign-in; the
    person's sessions end (their password changed)."""
    staff = StaffProfile.objects.select_for_update().select_related("user").get(pk=staff.pk)
    _refuse_unless_administrator(actor, staff)
    _refuse_inactive(staff)
    user = staff.user
    _check_new(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_password_set(staff, temporary=True)
    audit_record(actor=actor, action="password.temporary_set", target=user,
                 data={"staff": staff.employee_no})
    return staff
