"""Display pages: the list, a display, adding and changing."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.devices import selectors, services
from watchroom.devices.forms import (
    DisplayForm,
)
from watchroom.devices.views.common import (
    archive_fields,
    capitalised,
    detail,
    save_form,
    status_filter,
    value,
)


def display_columns() -> list[Column]:
    return capitalised([
        Column(_("code"), lambda d: d.code),
        Column(_("name"), lambda d: d.name),
        Column(_("monitoring room"), lambda d: d.room.name),
        Column(_("size (inches)"), lambda d: d.size_inches or ""),
        Column(_("location"), lambda d: d.location),
        Column(_("status"), lambda d: d.get_status_display()),
    ])


@allowed("devices.view_display")
def display_list(request):
    actions = []
    if request.user.has_perm("devices.add_display"):
        actions = [{"url": reverse("devices:display_create"), "label": _("New display")}]
    return render_list(
        request, title=_("Displays"), queryset=selectors.display_list(),
        columns=display_columns(),
        search_fields=["code", "name", "room__name", "location", "serial_no"],
        filters=[Filter("room", _("All monitoring rooms"), selectors.room_choices(),
                        "room__code"),
                 status_filter()],
        actions=actions,
    )


@allowed("devices.view_display")
def display_detail(request, pk: int):
    display = get_object_or_404(selectors.display_list(), pk=pk)
    fields = [
        (_("code"), display.code),
        (_("name"), display.name),
        (_("monitoring room"), display.room.name),
        (_("size (inches)"), value(display.size_inches)),
        *archive_fields(display),
    ]
    return detail(request, obj=display, fields=fields,
                   perm="devices.change_display", edit="devices:display_edit")


@allowed("devices.add_display")
def display_create(request):
    return save_form(
        request, form_class=DisplayForm, title=_("New display"),
        cancel_url=reverse("devices:display_list"),
        save=lambda fields: services.display_create(actor=request.user, **fields),
    )


@allowed("devices.change_display")
def display_edit(request, pk: int):
    display = get_object_or_404(selectors.display_list(), pk=pk)
    return save_form(
        request, form_class=DisplayForm, instance=display,
        title=_("Edit display %(display)s") % {"display": display},
        cancel_url=display.get_absolute_url(),
        save=lambda fields: services.display_update(
            actor=request.user, display=display, **fields),
    )
