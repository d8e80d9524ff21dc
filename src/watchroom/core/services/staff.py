"""Writes to people: staff records and the roles the staff service may give (R-SEC-1;
guarded roles go through installation and two-person changes)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.choices import Role
from watchroom.core.models import (
    Department,
    MonitoringRoom,
    StaffProfile,
)
from watchroom.core.records import record_update
from watchroom.core.roles import APPROVER_ROLES, GUARDED_ROLES
from watchroom.core.services.places import refuse_inactive
from watchroom.core.validation import full_clean, invalid
from watchroom.rules import RuleViolation
from watchroom.service import service

PEOPLE = "R-SEC-1"
User = get_user_model()


def check_roles(roles: list[str]) -> list[Group]:
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise invalid(PEOPLE, {"roles": [_("Unknown role: %s") % ", ".join(unknown)]})
    return list(Group.objects.filter(name__in=roles))


def refuse_guarded(roles) -> None:
    """R-SEC-1, R-FOOT-2: approver roles and the administrator role are granted and removed
    only by a proposal a leader confirms (or, for the first leaders, at installation)."""
    guarded = sorted(set(roles) & GUARDED_ROLES)
    if guarded:
        raise RuleViolation("R-SEC-1", _(
            "%(roles)s is granted and removed only by a proposal that a leader confirms "
            "with their authenticator code.") % {
            "roles": "、".join(str(Role(r).label) for r in guarded)}, status=403)


def refuse_admin_and_approver(roles) -> None:
    """R-FOOT-3, R-SEC-1: an administrator account never holds an approver role."""
    roles = set(roles)
    if Role.ADMINISTRATOR in roles and roles & APPROVER_ROLES:
        raise RuleViolation("R-SEC-1", _(
            "An administrator account cannot hold an approver role (security chief, deputy "
            "director)."), status=400)


@service
def staff_create(*, actor, username: str, password: str, full_name: str, employee_no: str,
                 roles: list[str], department: Department | None = None, title: str = "",
                 phone: str = "", rooms: list[MonitoringRoom] = (),
                 temporary_password: bool = False) -> StaffProfile:
    """A staff member gets a login of their own (R-SEC-1): one person, one account.
    Approver and administrator roles are not given here (refuse_guarded).
    `temporary_password`: someone else chose it; the person changes it at the first
    sign-in (R-SEC-2)."""
    groups = check_roles(roles)
    refuse_admin_and_approver(roles)
    refuse_guarded(roles)
    refuse_inactive(department=department, rooms=rooms)
    user = User(username=username, is_active=True)
    full_clean(user, PEOPLE, exclude=["password"])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise invalid("R-SEC-2", {"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    user.groups.set(groups)
    staff = StaffProfile(user=user, full_name=full_name, employee_no=employee_no,
                         department=department, title=title, phone=phone,
                         password_changed_at=timezone.now(),
                         must_change_password=temporary_password)
    full_clean(staff, PEOPLE)
    staff.save()
    staff.rooms.set(rooms)
    audit_record(actor=actor, action="staff.created", target=staff,
                 data={"username": username, "roles": sorted(roles),
                       "employee_no": employee_no,
                       "temporary_password": temporary_password})
    return staff


@service
def staff_set_roles(*, actor, staff: StaffProfile, roles: list[str]) -> StaffProfile:
    groups = check_roles(roles)
    before = sorted(staff.user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    refuse_admin_and_approver(roles)
    refuse_guarded(set(before) ^ set(roles))
    keep = list(staff.user.groups.exclude(name__in=Role.values))
    staff.user.groups.set(keep + groups)
    audit_record(actor=actor, action="staff.roles_changed", target=staff,
                 data={"changes": {"roles": [before, sorted(roles)]}})
    return staff


@service
def staff_update(*, actor, staff: StaffProfile, **fields) -> StaffProfile:
    rooms = fields.pop("rooms", None)
    refuse_inactive(department=fields.get("department"), rooms=rooms or (),
                    keep=[staff.department, *staff.rooms.all()])
    staff = record_update(actor=actor, instance=staff, fields=fields, action="staff.updated",
                          rule_id=PEOPLE)
    if rooms is not None:
        before = sorted(staff.rooms.values_list("pk", flat=True))
        staff.rooms.set(rooms)
        after = sorted(r.pk for r in rooms)
        if before != after:
            audit_record(actor=actor, action="staff.rooms_changed", target=staff,
                         data={"changes": {"rooms": [before, after]}})
    return staff


@service
def staff_save(*, actor, staff: StaffProfile, roles: list[str], **fields) -> StaffProfile:
    """The staff page's edit in one transaction: the person's details, and their roles
    when they changed. Guarded roles the person holds are kept as they are; they change
    only by a confirmed proposal (core.changes)."""
    staff = staff_update(actor=actor, staff=staff, **fields)
    held = set(staff.user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    wanted = set(roles) | (held & GUARDED_ROLES)
    if wanted != held:
        staff_set_roles(actor=actor, staff=staff, roles=sorted(wanted))
    return staff
