"""Pages for places, people and policy profiles. Thin: reads via selectors, writes via services."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from watchroom.core import extensions, selectors, services
from watchroom.core.choices import Role
from watchroom.core.decorators import allowed
from watchroom.core.forms import LoginForm, PolicyProfileForm
from watchroom.core.listing import Column, Filter, render_detail, render_list
from watchroom.core.models import PolicyProfile, Site
from watchroom.core.policy_display import approval_steps
from watchroom.core.refusals import form_refusal
from watchroom.core.roles import role_label, roles_of
from watchroom.core.services import changes
from watchroom.core.views import changes as change_views
from watchroom.core.views import people as people_views
from watchroom.core.views import places as place_views
from watchroom.core.views.scope import room_context, scope_context
from watchroom.rules import RuleViolation


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@allowed()
def home(request):
    context = {"counts": selectors.dashboard_counts(request.user), "panels": []}
    for panel in extensions.home_panels:
        more = panel.context(request)
        if more is not None:
            context["panels"].append(panel.template)
            context.update(more)
    return render(request, "core/home.html", context)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


ACTIVE_COLUMN = Column(gettext_lazy("Active"), lambda place: _yes_no(place.active))


def active_filter(lookup: str = "active") -> Filter:
    return Filter("active", _("Active or not"), [("1", _("Active")), ("0", _("Deactivated"))],
                  lookup)


def _active_fields(user, place) -> list[tuple]:
    """Whether the place is active, and for an administrator why it cannot be
    deactivated now."""
    fields = [(_("Active"), _yes_no(place.active))]
    refusal = services.place_deactivation_refusal(user, place)
    if place.active and refusal is not None and refusal.status != 403:
        fields.append((_("Cannot be deactivated"), refusal.message))
    return fields


@allowed("core.view_site")
def site_list(request):
    return render_list(
        request, title=_("Sites"), queryset=selectors.sites(),
        columns=[Column(_("Code"), lambda s: s.code), Column(_("Name"), lambda s: s.name),
                 Column(_("Address"), lambda s: s.address),
                 Column(_("Policy"), lambda s: s.policy.name), ACTIVE_COLUMN],
        search_fields=["code", "name", "address"], filters=[active_filter()],
        actions=place_views.add_action(request.user, "site"),
    )


@allowed("core.view_site")
def site_detail(request, pk):
    site = get_object_or_404(selectors.sites(), pk=pk)
    return render_detail(
        request, title=site.name,
        fields=[(_("Code"), site.code), (_("Name"), site.name), (_("Address"), site.address),
                (_("Policy"), site.policy.name), (_("Areas"), site.areas.count()),
                (_("Monitoring rooms"), site.rooms.count()),
                *_active_fields(request.user, site)],
        actions=place_views.place_actions(request.user, site),
    )


@allowed("core.view_department")
def department_list(request):
    return render_list(
        request, title=_("Departments"), queryset=selectors.departments(),
        columns=[Column(_("Code"), lambda d: d.code), Column(_("Name"), lambda d: d.name),
                 Column(_("Site"), lambda d: d.site or ""), Column(_("Phone"), lambda d: d.phone),
                 Column(_("Areas"), lambda d: d.area_count), ACTIVE_COLUMN],
        search_fields=["code", "name", "phone"], filters=[active_filter()],
        actions=place_views.add_action(request.user, "department"),
    )


@allowed("core.view_department")
def department_detail(request, pk):
    department = get_object_or_404(selectors.departments(), pk=pk)
    areas = department.areas.select_related("site")
    return render_detail(
        request, title=department.name,
        fields=[(_("Code"), department.code), (_("Name"), department.name),
                (_("Site"), department.site), (_("Phone"), department.phone),
                *_active_fields(request.user, department)],
        actions=place_views.place_actions(request.user, department),
        sections=[{
            "title": _("Areas it is responsible for"),
            "columns": [_("Code"), _("Name"), _("Site"), _("Privacy-sensitive")],
            "rows": [{"cells": [a.code, a.name, a.site, _yes_no(a.privacy_sensitive)],
                      "url": a.get_absolute_url()} for a in areas],
        }],
    )


@allowed("core.view_area")
def area_list(request):
    return render_list(
        request, title=_("Areas"), queryset=selectors.areas(),
        columns=[Column(_("Code"), lambda a: a.code), Column(_("Name"), lambda a: a.name),
                 Column(_("Site"), lambda a: a.site.name),
                 Column(_("Responsible department"), lambda a: a.department.name),
                 Column(_("Privacy-sensitive"), lambda a: _yes_no(a.privacy_sensitive)),
                 Column(_("Cameras"), lambda a: a.camera_count), ACTIVE_COLUMN],
        search_fields=["code", "name", "department__name", "description"],
        filters=[
            Filter("site", _("All sites"), [(str(s.pk), s.name) for s in Site.objects.all()],
                   "site_id"),
            Filter("privacy", _("Privacy: any"), [("1", _("Privacy-sensitive")),
                                                  ("0", _("Not sensitive"))],
                   "privacy_sensitive"),
            active_filter(),
        ],
        actions=place_views.add_action(request.user, "area"),
    )


@allowed("core.view_area")
def area_detail(request, pk):
    area = get_object_or_404(selectors.areas(), pk=pk)
    cameras = area.cameras.select_related("recorder")
    return render_detail(
        request, title=area.name,
        fields=[(_("Code"), area.code), (_("Name"), area.name), (_("Site"), area.site),
                (_("Responsible department"), area.department),
                (_("Privacy-sensitive"), _yes_no(area.privacy_sensitive)),
                (_("Description"), area.description), *_active_fields(request.user, area)],
        actions=[*place_views.place_actions(request.user, area),
                 *change_views.area_actions(request.user, area),
                 *extensions.place_links(request.user, area)],
        sections=[{
            "title": _("Cameras"),
            "columns": [_("Code"), _("Name"), _("Recorder")],
            "rows": [{"cells": [c.code, c.name, c.recorder or ""], "url": c.get_absolute_url()}
                     for c in cameras],
        }],
        template="core/area_detail.html", extra={"area": area, **scope_context(
            request.user, area)},
    )


@allowed("core.view_monitoringroom")
def room_list(request):
    return render_list(
        request, title=_("Monitoring rooms"), queryset=selectors.rooms(),
        columns=[Column(_("Code"), lambda r: r.code), Column(_("Name"), lambda r: r.name),
                 Column(_("Site"), lambda r: r.site.name),
                 Column(_("Location"), lambda r: r.location),
                 Column(_("Capacity"), lambda r: r.capacity), ACTIVE_COLUMN],
        search_fields=["code", "name", "location"], filters=[active_filter()],
        actions=place_views.add_action(request.user, "room"),
    )


@allowed("core.view_monitoringroom")
def room_detail(request, pk):
    room = get_object_or_404(selectors.rooms(), pk=pk)
    staff = room.staff.select_related("user", "department")
    return render_detail(
        request, title=room.name,
        fields=[(_("Code"), room.code), (_("Name"), room.name), (_("Site"), room.site),
                (_("Location"), room.location), (_("Phone"), room.phone),
                (_("Capacity"), room.capacity),
                (_("Wall alert sound"), _("On") if room.wall_sound else _("Off")),
                *_active_fields(request.user, room)],
        actions=place_views.place_actions(request.user, room),
        template="core/room_detail.html", extra=room_context(request.user, room),
        sections=[{
            "title": _("Staff"),
            "columns": [_("Name"), _("Employee number"), _("Roles")],
            "rows": [{"cells": [s.full_name, s.employee_no,
                                "、".join(role_label(r) for r in roles_of(s.user))],
                      "url": s.get_absolute_url()} for s in staff],
        }],
    )


@allowed("core.view_staffprofile")
def staff_list(request):
    return render_list(
        request, title=_("Staff"), queryset=selectors.staff(),
        columns=[Column(_("Employee number"), lambda s: s.employee_no),
                 Column(_("Name"), lambda s: s.full_name),
                 Column(_("Department"), lambda s: s.department or ""),
                 Column(_("Post"), lambda s: s.title),
                 Column(_("Roles"), lambda s: "、".join(role_label(g.name)
                                                        for g in s.user.groups.all())),
                 Column(_("Active"), lambda s: _yes_no(s.user.is_active))],
        search_fields=["employee_no", "full_name", "user__username", "title", "phone"],
        filters=[Filter("role", _("All roles"), Role.choices, "user__groups__name"),
                 active_filter("user__is_active")],
        actions=[{"url": reverse("core:staff_new"), "label": _("Add")}]
        if request.user.has_perm("core.add_staffprofile") else [],
    )


@allowed("core.view_staffprofile")
def staff_detail(request, pk):
    person = get_object_or_404(selectors.staff(), pk=pk)
    return render_detail(
        request, title=person.full_name,
        fields=[(_("Name"), person.full_name), (_("Employee number"), person.employee_no),
                (_("User name"), person.user.get_username()),
                (_("Department"), person.department), (_("Post"), person.title),
                (_("Phone"), person.phone),
                (_("Roles"), "、".join(role_label(r) for r in roles_of(person.user))),
                (_("Monitoring rooms"), "、".join(r.name for r in person.rooms.all())),
                *people_views.account_fields(request.user, person)],
        actions=[*people_views.account_actions(request.user, person),
                 *change_views.staff_actions(request.user, person)],
    )


@allowed("core.view_policyprofile")
def policy_list(request):
    return render_list(
        request, title=_("Policy profiles"), queryset=PolicyProfile.objects.all(),
        columns=[Column(_("Name"), lambda p: p.name),
                 Column(_("Kind"), lambda p: p.get_kind_display()),
                 Column(_("Retention (days)"), lambda p: p.retention_days),
                 Column(_("Shifts"), lambda p: p.shift_starts)],
        search_fields=["name"],
    )


def _display(obj, name: str):
    if name == "approval_chains":
        return approval_steps(obj.approval_chains)
    shown = getattr(obj, f"get_{name}_display", None)
    return shown() if shown else getattr(obj, name)


@allowed("core.view_policyprofile")
def policy_detail(request, pk):
    profile = get_object_or_404(PolicyProfile, pk=pk)
    fields = [(f.verbose_name, _display(profile, f.name))
              for f in PolicyProfile._meta.fields if f.name != "id"]
    actions = []
    if request.user.has_perm("core.change_policyprofile"):
        actions.append({"url": reverse("core:policy_edit", args=[profile.pk]), "label": _("Edit")})
    return render_detail(request, title=profile.name, fields=fields, actions=actions)


@allowed("core.change_policyprofile")
def policy_edit(request, pk):
    """An administrator edits a profile's numbers; each change is audited (R-REC-1 floor)."""
    profile = get_object_or_404(PolicyProfile, pk=pk)
    form = PolicyProfileForm(request.POST or None, instance=PolicyProfile.objects.get(pk=pk))
    violation = None
    if request.method == "POST" and form.is_valid():
        # R-SEC-1: a looser figure becomes a proposal a leader confirms; a tighter one
        # applies at once.
        looser = services.loosened(profile, form.cleaned_data)
        try:
            if looser:
                change = changes.change_propose_policy(actor=request.user, profile=profile,
                                                **form.cleaned_data)
            else:
                services.policy_profile_update(actor=request.user, profile=profile,
                                               **form.cleaned_data)
        except RuleViolation as exc:
            if exc.fields:
                form_refusal(form, exc)
            else:
                violation = exc
        else:
            if looser:
                messages.success(request, _("A looser policy needs a leader's confirmation; "
                                            "the change was proposed."))
                return redirect(change)
            messages.success(request, _("The policy profile was saved."))
            return redirect(profile)
    return render(request, "form.html", {
        "form": form, "page_title": _("Edit %(name)s") % {"name": profile.name},
        "cancel_url": profile.get_absolute_url(), "violation": violation,
    }, status=409 if violation else 200)
