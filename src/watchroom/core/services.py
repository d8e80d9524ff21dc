"""Every write to places, people and policy profiles, each with its audit event."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.context import Process
from watchroom.audit.services import audit_record
from watchroom.core import extensions
from watchroom.core.choices import ProfileKind, Role
from watchroom.core.models import (
    Area,
    Department,
    MonitoringRoom,
    PolicyProfile,
    Site,
    StaffProfile,
)
from watchroom.core.policy_bounds import BOUNDS, bounds_for, is_looser
from watchroom.core.records import record_create, record_update
from watchroom.core.roles import APPROVER_ROLES, GUARDED_ROLES
from watchroom.core.validation import full_clean, invalid
from watchroom.rules import RuleViolation
from watchroom.service import service

User = get_user_model()

# The rules a record's own checks serve: places and people belong to R-SEC-1's
# accounts and to the archive of R-EQUIP-1; policy figures to R-SEC-1.
PLACES, PEOPLE, POLICY = "R-EQUIP-1", "R-SEC-1", "R-SEC-1"


PROFILE_FIGURES = [*BOUNDS, "approval_chains"]


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


@service
def site_create(*, actor, **fields) -> Site:
    return record_create(actor=actor, instance=Site(**fields), action="site.created",
                         rule_id=PLACES)


@service
def site_update(*, actor, site: Site, **fields) -> Site:
    new_policy = fields.get("policy")
    if (new_policy is not None and new_policy.pk != site.policy_id
            and not isinstance(actor, Process)):
        current = PolicyProfile.objects.get(pk=site.policy_id)
        if loosened(current, {n: getattr(new_policy, n) for n in PROFILE_FIGURES}):
            # R-SEC-1: moving a site to a looser profile loosens it; loosen the site's own
            # profile through a confirmed change instead.
            raise RuleViolation("R-SEC-1", _(
                "%(profile)s is looser than the site's current profile; a looser policy "
                "needs a leader's confirmation.") % {"profile": new_policy.name},
                target=site)
    return record_update(actor=actor, instance=site, fields=fields, action="site.updated",
                         rule_id=PLACES)


@service
def department_create(*, actor, **fields) -> Department:
    refuse_inactive(site=fields.get("site"))
    return record_create(actor=actor, instance=Department(**fields), action="department.created",
                         rule_id=PLACES)


@service
def department_update(*, actor, department: Department, **fields) -> Department:
    refuse_inactive(site=fields.get("site"), keep=[department.site])
    return record_update(
        actor=actor, instance=department, fields=fields, action="department.updated",
            rule_id=PLACES)


@service
def area_create(*, actor, **fields) -> Area:
    refuse_inactive(site=fields.get("site"), department=fields.get("department"))
    return record_create(actor=actor, instance=Area(**fields), action="area.created",
                         rule_id=PLACES)


@service
def area_update(*, actor, area: Area, **fields) -> Area:
    refuse_inactive(site=fields.get("site"), department=fields.get("department"),
                    keep=[area.site, area.department])
    if area.privacy_sensitive and fields.get("privacy_sensitive", True) is False:
        raise RuleViolation("R-FOOT-6", _(
            "Removing an area's privacy protection needs a leader's confirmation: propose "
            "the change instead."), target=area)
    return record_update(actor=actor, instance=area, fields=fields, action="area.updated",
                         rule_id=PLACES)


@service
def room_create(*, actor, **fields) -> MonitoringRoom:
    refuse_inactive(site=fields.get("site"))
    return record_create(actor=actor, instance=MonitoringRoom(**fields), action="room.created",
                         rule_id=PLACES)


@service
def room_update(*, actor, room: MonitoringRoom, **fields) -> MonitoringRoom:
    refuse_inactive(site=fields.get("site"), keep=[room.site])
    return record_update(actor=actor, instance=room, fields=fields, action="room.updated",
                         rule_id=PLACES)


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


def refuse_inactive(*, keep=(), **related) -> None:
    """A deactivated site, department, area or room is not chosen for anything new
    (R-EQUIP-1); one already linked (`keep`) may stay."""
    for value in related.values():
        for place in (value if isinstance(value, list | tuple | set | models.QuerySet)
                      else [value]):
            if place is not None and not place.active and place not in keep:
                raise RuleViolation("R-EQUIP-1", _(
                    "%(place)s is deactivated and can no longer be chosen.") % {
                    "place": place}, status=400)


PLACE_ACTIONS = {Site: "site", Department: "department", Area: "area",
                 MonitoringRoom: "room"}


def active_names(queryset) -> str:
    names = [str(obj) for obj in queryset[:5]]
    return "、".join(names) + ("…" if queryset.count() > 5 else "")


def place_dependants(place) -> tuple[str, str] | None:
    """What still depends on `place` and keeps it from being deactivated: (rule, names).
    Core's own places here; the records of apps above (cameras, duties) through
    core.extensions."""
    related = {Site: ("departments", "areas", "rooms"), Department: ("areas",)}
    for name in related.get(type(place), ()):
        active = getattr(place, name).filter(active=True)
        if active.exists():
            return "R-EQUIP-1", active_names(active)
    return extensions.place_hold(place)


def _may_change_places(actor, place) -> bool:
    return isinstance(actor, Process) or actor.has_perm(
        f"core.change_{place._meta.model_name}")


def place_deactivation_refusal(actor, place) -> RuleViolation | None:
    """Why `actor` may not deactivate `place` now, or None (the button asks this too)."""
    if not _may_change_places(actor, place):
        return RuleViolation("R-SEC-1", _(
            "Only an administrator deactivates sites, departments, areas and rooms."),
            status=403)
    if not place.active:
        return RuleViolation("R-EQUIP-1", _("%(place)s is already deactivated.") % {
            "place": place}, status=409)
    dependants = place_dependants(place)
    if dependants is not None:
        rule, names = dependants
        return RuleViolation(rule, _(
            "%(place)s still has active records that depend on it (%(names)s): "
            "deactivate or move them first.") % {"place": place, "names": names},
            status=409, target=place)
    return None


@service
def place_deactivate(*, actor, place, reason: str = ""):
    """The site, department, area or room stays in the archive and in every record that
    names it, and is no longer offered for anything new."""
    place = type(place).objects.select_for_update().get(pk=place.pk)
    refusal = place_deactivation_refusal(actor, place)
    if refusal is not None:
        raise refusal
    place.active = False
    place.save(update_fields=["active"])
    audit_record(actor=actor, action=f"{PLACE_ACTIONS[type(place)]}.deactivated",
                 target=place, data={"code": place.code, "reason": reason.strip()[:300]})
    return place


def place_parent_inactive(place):
    """The deactivated site or department `place` belongs to, if any."""
    parents = [getattr(place, "site", None), getattr(place, "department", None)]
    return next((p for p in parents if p is not None and not p.active), None)


@service
def place_reactivate(*, actor, place):
    place = type(place).objects.select_for_update().get(pk=place.pk)
    if not _may_change_places(actor, place):
        raise RuleViolation("R-SEC-1", _(
            "Only an administrator deactivates sites, departments, areas and rooms."),
            status=403)
    if place.active:
        raise RuleViolation("R-EQUIP-1", _("%(place)s is active.") % {"place": place},
                            status=409)
    parent = place_parent_inactive(place)
    if parent is not None:
        raise RuleViolation("R-EQUIP-1", _(
            "%(parent)s is deactivated; reactivate it first.") % {"parent": parent},
            status=409)
    place.active = True
    place.save(update_fields=["active"])
    audit_record(actor=actor, action=f"{PLACE_ACTIONS[type(place)]}.reactivated",
                 target=place, data={"code": place.code})
    return place


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
