"""Reads for places and people."""

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core import extensions
from watchroom.core.models import (
    Area,
    Department,
    MonitoringRoom,
    PendingChange,
    Site,
    StaffProfile,
)
from watchroom.rules import RuleViolation


def sites() -> QuerySet[Site]:
    return Site.objects.select_related("policy")


def departments() -> QuerySet[Department]:
    return (Department.objects.select_related("site")
            .annotate(area_count=Count("areas")).order_by("code"))


def areas() -> QuerySet[Area]:
    return Area.objects.select_related("site", "department").annotate(
        camera_count=Count("cameras")
    ).order_by("site__code", "code")


def rooms() -> QuerySet[MonitoringRoom]:
    return MonitoringRoom.objects.select_related("site")


def staff() -> QuerySet[StaffProfile]:
    return StaffProfile.objects.select_related("user", "department").prefetch_related(
        "user__groups"
    ).distinct()


def dashboard_counts(user) -> list[tuple[str, int, str]]:
    """Figures for the home page, only those the user may see."""
    figures = [
        ("core.view_site", _("Sites"), Site.objects, "core:site_list"),
        ("core.view_area", _("Areas"), Area.objects, "core:area_list"),
        ("core.view_monitoringroom", _("Monitoring rooms"), MonitoringRoom.objects,
         "core:room_list"),
        ("core.view_staffprofile", _("Staff"), StaffProfile.objects, "core:staff_list"),
        *extensions.home_figures(),
        ("core.view_pendingchange", _("Changes awaiting a leader"),
         pending_changes().filter(status="pending"), "core:change_list"),
    ]
    return [(label, manager.count(), reverse(url)) for perm, label, manager, url in figures
            if user.has_perm(perm)]


def pending_changes():
    return PendingChange.objects.select_related(
        "staff__user", "area", "profile", "proposed_by__staff", "decided_by__staff")


# --- R-FOOT-6: the knowledge scope of privacy-sensitive areas -----------------------------


def in_knowledge_scope(user, area) -> bool:
    """A privacy-sensitive area's cameras are seen only by the people of its knowledge
    scope (知悉范围); any other area's by anyone whose duty includes watching. The one
    definition: recording.access and the equipment pages ask it."""
    if not area.privacy_sensitive:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return area.knowledge_scope.filter(pk=user.pk).exists()


def scoped_areas(user, areas=None) -> QuerySet[Area]:
    """The areas (a queryset) whose cameras `user` may see: every area that is not
    privacy-sensitive, and the sensitive ones whose knowledge scope names the user."""
    from django.db.models import Q

    areas = Area.objects.all() if areas is None else areas
    if not getattr(user, "is_authenticated", False):
        return areas.none()
    return areas.filter(Q(privacy_sensitive=False) | Q(knowledge_scope=user)).distinct()


def knowledge_scope_people(area: Area):
    """The people of an area's knowledge scope, by name."""
    return area.knowledge_scope.select_related("staff").order_by("staff__full_name",
                                                                  "username")


def knowledge_scope_change_refusal(actor, area: Area) -> RuleViolation | None:
    """What stops `actor` from adding people to or removing them from `area`'s
    knowledge scope, or None (R-FOOT-6): the security chief keeps it, for a
    privacy-sensitive area only."""
    if not actor.has_perm("core.manage_knowledge_scope"):
        return RuleViolation("R-FOOT-6", _(
            "Only the security chief changes who is in an area's knowledge scope."),
            status=403)
    if not area.privacy_sensitive:
        return RuleViolation("R-FOOT-6", _(
            "%(area)s is not privacy-sensitive: everyone on duty may watch it, so it has "
            "no knowledge scope to change.") % {"area": area.name}, status=409)
    return None


# --- The wall's alert sound, per monitoring room -----------------------------------------


def wall_sound_set_refusal(actor, room: MonitoringRoom) -> RuleViolation | None:
    """What stops `actor` from turning `room`'s wall alert sound off or on, or None: the
    room head does it, for a room they work in (the security chief for any room)."""
    from watchroom.core.choices import Role

    if not actor.has_perm("core.set_wall_sound"):
        return RuleViolation("R-SEC-1", _(
            "Only the room head turns the wall's alert sound off or on."), status=403)
    chief = actor.groups.filter(name=Role.SECURITY_CHIEF).exists()
    if not chief and not room.staff.filter(user=actor).exists():
        return RuleViolation("R-SEC-1", _(
            "Only the head of %(room)s turns its wall's alert sound off or on.") % {
                "room": room.name}, status=403)
    return None
