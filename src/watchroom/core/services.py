"""Every write to places, people and policy profiles, each with its audit event."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record, changes
from watchroom.core.choices import ProfileKind, Role
from watchroom.core.models import (
    Area,
    Department,
    MonitoringRoom,
    PolicyProfile,
    Site,
    StaffProfile,
)
from watchroom.rules import RuleViolation
from watchroom.service import service

User = get_user_model()

# R-REC-1: hospitals keep recordings at least 90 days, others at least 30.
RETENTION_FLOOR_DAYS = {ProfileKind.HOSPITAL: 90}
RETENTION_FLOOR_DEFAULT = 30


def snapshot(instance: models.Model) -> dict:
    data = model_to_dict(instance)
    return {k: (v.pk if isinstance(v, models.Model) else v) for k, v in data.items()
            if not isinstance(v, list | tuple)}


def _save_new(*, actor, instance: models.Model, action: str) -> models.Model:
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, action=action, target=instance, data={"new": snapshot(instance)})
    return instance


def _save_changes(*, actor, instance: models.Model, fields: dict, action: str) -> models.Model:
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    diff = changes(before, snapshot(instance))
    if diff:
        audit_record(actor=actor, action=action, target=instance, data={"changes": diff})
    return instance


def _check_retention_floor(profile: PolicyProfile) -> None:
    floor = RETENTION_FLOOR_DAYS.get(profile.kind, RETENTION_FLOOR_DEFAULT)
    if profile.retention_days is not None and profile.retention_days < floor:
        raise RuleViolation(
            "R-REC-1",
            _("Recordings must be kept at least %(days)d days under a %(kind)s profile.")
            % {"days": floor, "kind": profile.get_kind_display()},
            status=400, target=profile if profile.pk else None,
        )


@service
def policy_profile_create(*, actor, **fields) -> PolicyProfile:
    profile = PolicyProfile(**fields)
    _check_retention_floor(profile)
    return _save_new(actor=actor, instance=profile, action="policy.created")


@service
def policy_profile_update(*, actor, profile: PolicyProfile, **fields) -> PolicyProfile:
    """Every change of a profile's numbers is audited with old and new values."""
    candidate = PolicyProfile.objects.get(pk=profile.pk)
    for name, value in fields.items():
        setattr(candidate, name, value)
    _check_retention_floor(candidate)
    return _save_changes(actor=actor, instance=profile, fields=fields, action="policy.updated")


@service
def site_create(*, actor, **fields) -> Site:
    return _save_new(actor=actor, instance=Site(**fields), action="site.created")


@service
def site_update(*, actor, site: Site, **fields) -> Site:
    return _save_changes(actor=actor, instance=site, fields=fields, action="site.updated")


@service
def department_create(*, actor, **fields) -> Department:
    return _save_new(actor=actor, instance=Department(**fields), action="department.created")


@service
def department_update(*, actor, department: Department, **fields) -> Department:
    return _save_changes(
        actor=actor, instance=department, fields=fields, action="department.updated"
    )


@service
def area_create(*, actor, **fields) -> Area:
    return _save_new(actor=actor, instance=Area(**fields), action="area.created")


@service
def area_update(*, actor, area: Area, **fields) -> Area:
    return _save_changes(actor=actor, instance=area, fields=fields, action="area.updated")


@service
def room_create(*, actor, **fields) -> MonitoringRoom:
    return _save_new(actor=actor, instance=MonitoringRoom(**fields), action="room.created")


@service
def room_update(*, actor, room: MonitoringRoom, **fields) -> MonitoringRoom:
    return _save_changes(actor=actor, instance=room, fields=fields, action="room.updated")


def _check_roles(roles: list[str]) -> list[Group]:
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %s") % ", ".join(unknown)})
    return list(Group.objects.filter(name__in=roles))


@service
def staff_create(*, actor, username: str, password: str, full_name: str, employee_no: str,
                 roles: list[str], department: Department | None = None, title: str = "",
                 phone: str = "", rooms: list[MonitoringRoom] = ()) -> StaffProfile:
    """A staff member gets a login of their own (R-SEC-1): one person, one account."""
    groups = _check_roles(roles)
    user = User(username=username, is_active=True)
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"username" if hasattr(exc, "error_dict") else "password":
                               exc.messages}) from None
    user.set_password(password)
    user.save()
    user.groups.set(groups)
    staff = StaffProfile(user=user, full_name=full_name, employee_no=employee_no,
                         department=department, title=title, phone=phone)
    staff.full_clean()
    staff.save()
    staff.rooms.set(rooms)
    audit_record(actor=actor, action="staff.created", target=staff,
                 data={"username": username, "roles": sorted(roles),
                       "employee_no": employee_no})
    return staff


@service
def staff_set_roles(*, actor, staff: StaffProfile, roles: list[str]) -> StaffProfile:
    groups = _check_roles(roles)
    before = sorted(staff.user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    keep = list(staff.user.groups.exclude(name__in=Role.values))
    staff.user.groups.set(keep + groups)
    audit_record(actor=actor, action="staff.roles_changed", target=staff,
                 data={"changes": {"roles": [before, sorted(roles)]}})
    return staff


@service
def staff_update(*, actor, staff: StaffProfile, **fields) -> StaffProfile:
    rooms = fields.pop("rooms", None)
    staff = _save_changes(actor=actor, instance=staff, fields=fields, action="staff.updated")
    if rooms is not None:
        before = sorted(staff.rooms.values_list("pk", flat=True))
        staff.rooms.set(rooms)
        after = sorted(r.pk for r in rooms)
        if before != after:
            audit_record(actor=actor, action="staff.rooms_changed", target=staff,
                         data={"changes": {"rooms": [before, after]}})
    return staff
