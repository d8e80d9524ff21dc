"""The administrator's add, edit, deactivate and reactivate pages for sites,
departments, areas and monitoring rooms. Nothing is deleted: a deactivated place stays
in every record that names it and is no longer offered (R-EQUIP-1)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core import services
from watchroom.core.decorators import allowed
from watchroom.core.models import Area, Department, MonitoringRoom, Site
from watchroom.core.people_forms import AreaForm, DepartmentForm, ReasonForm, RoomForm, SiteForm
from watchroom.core.views.people import _confirm_page, _form_page, _run


@dataclass(frozen=True)
class Kind:
    model: type[Model]
    form: type
    create: object
    update: object
    update_kwarg: str
    list_url: str


KINDS = {
    "site": Kind(Site, SiteForm, services.site_create, services.site_update, "site",
                 "core:site_list"),
    "department": Kind(Department, DepartmentForm, services.department_create,
                       services.department_update, "department", "core:department_list"),
    "area": Kind(Area, AreaForm, services.area_create, services.area_update, "area",
                 "core:area_list"),
    "room": Kind(MonitoringRoom, RoomForm, services.room_create, services.room_update, "room",
                 "core:room_list"),
}


def _kind(name: str) -> Kind:
    if name not in KINDS:
        raise Http404(name)
    return KINDS[name]


def _perm(kind: Kind, action: str) -> str:
    return f"core.{action}_{kind.model._meta.model_name}"


@allowed()
def place_new(request, kind_name: str):
    kind = _kind(kind_name)
    if not request.user.has_perm(_perm(kind, "add")):
        raise PermissionDenied(_("Only an administrator adds places."))
    form = kind.form(request.POST or None)
    violation = None
    if request.method == "POST" and form.is_valid():
        place, violation = _run(form, lambda: kind.create(actor=request.user,
                                                          **form.cleaned_data))
        if place is not None:
            messages.success(request, _("%(place)s was added.") % {"place": place})
            return redirect(place)
    title = _("Add: %(kind)s") % {"kind": kind.model._meta.verbose_name}
    return _form_page(request, form=form, title=title, cancel_url=reverse(kind.list_url),
                      violation=violation)


@allowed()
def place_edit(request, kind_name: str, pk: int):
    kind = _kind(kind_name)
    if not request.user.has_perm(_perm(kind, "change")):
        raise PermissionDenied(_("Only an administrator edits places."))
    place = get_object_or_404(kind.model, pk=pk)
    # The form works on its own copy: the service compares the saved record with the
    # new values to audit what changed.
    form = kind.form(request.POST or None, instance=kind.model.objects.get(pk=pk))
    violation = None
    if request.method == "POST" and form.is_valid():
        saved, violation = _run(form, lambda: kind.update(
            actor=request.user, **{kind.update_kwarg: place}, **form.cleaned_data))
        if saved is not None:
            messages.success(request, _("Saved."))
            return redirect(saved)
    return _form_page(request, form=form, title=_("Edit %(name)s") % {"name": place},
                      cancel_url=place.get_absolute_url(), violation=violation)


@allowed()
def place_deactivate(request, kind_name: str, pk: int):
    kind = _kind(kind_name)
    if not request.user.has_perm(_perm(kind, "change")):
        raise PermissionDenied(_("Only an administrator deactivates places."))
    place = get_object_or_404(kind.model, pk=pk)
    return _confirm_page(
        request, person=place, form=ReasonForm(request.POST or None),
        title=_("Deactivate %(name)s") % {"name": place},
        text=_("%(name)s stays in the archive and in every record that names it, and is no "
               "longer offered for anything new.") % {"name": place},
        button=_("Deactivate"),
        action=lambda data: services.place_deactivate(actor=request.user, place=place,
                                                      reason=data.get("reason", "")),
        done=_("%(name)s was deactivated.") % {"name": place})


@allowed()
def place_reactivate(request, kind_name: str, pk: int):
    kind = _kind(kind_name)
    if not request.user.has_perm(_perm(kind, "change")):
        raise PermissionDenied(_("Only an administrator reactivates places."))
    place = get_object_or_404(kind.model, pk=pk)
    return _confirm_page(
        request, person=place, title=_("Reactivate %(name)s") % {"name": place},
        text=_("%(name)s will be offered again.") % {"name": place},
        button=_("Reactivate"),
        action=lambda data: services.place_reactivate(actor=request.user, place=place),
        done=_("%(name)s was reactivated.") % {"name": place})


def place_actions(user, place) -> list[dict]:
    """Edit, and deactivate or reactivate, each shown only when the service allows it."""
    kind_name = services.PLACE_ACTIONS[type(place)]
    kind = _kind(kind_name)
    if not user.has_perm(_perm(kind, "change")):
        return []
    args = [kind_name, place.pk]
    actions = [{"url": reverse("core:place_edit", args=args), "label": _("Edit")}]
    if services.place_deactivation_refusal(user, place) is None:
        actions.append({"url": reverse("core:place_deactivate", args=args),
                        "label": _("Deactivate")})
    if not place.active and services.place_parent_inactive(place) is None:
        actions.append({"url": reverse("core:place_reactivate", args=args),
                        "label": _("Reactivate")})
    return actions


def add_action(user, kind_name: str) -> list[dict]:
    kind = _kind(kind_name)
    if not user.has_perm(_perm(kind, "add")):
        return []
    return [{"url": reverse("core:place_new", args=[kind_name]), "label": _("Add")}]

