"""Writes to sites, departments, areas and rooms: created, changed, deactivated and
reactivated, never deleted (R-EQUIP-1)."""

from django.db import models
from django.utils.translation import gettext as _

from watchroom.audit.context import Process
from watchroom.audit.services import audit_record
from watchroom.core import extensions
from watchroom.core.models import (
    Area,
    Department,
    MonitoringRoom,
    PolicyProfile,
    Site,
)
from watchroom.core.records import record_create, record_update
from watchroom.core.services.policy import PROFILE_FIGURES, loosened
from watchroom.rules import RuleViolation
from watchroom.service import service

PLACES = "R-EQUIP-1"
PEOPLE = "R-SEC-1"


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
