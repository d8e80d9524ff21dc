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
