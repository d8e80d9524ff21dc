"""Recorder pages: the list, a recorder, adding and changing."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.devices import selectors, services
from watchroom.devices.forms import (
    RecorderForm,
)
from watchroom.devices.views.cameras import camera_columns
from watchroom.devices.views.common import (
    archive_fields,
    capitalised,
    detail,
    save_form,
    section,
    status_filter,
    value,
)
from watchroom.devices.views.storage import storage_columns


def recorder_columns() -> list[Column]:
    return capitalised([
        Column(_("code"), lambda r: r.code),
        Column(_("name"), lambda r: r.name),
        Column(_("site"), lambda r: r.site.name),
        Column(_("kind"), lambda r: r.get_kind_display()),
        Column(_("network address"), lambda r: r.address),
        Column(_("channels"), lambda r: r.channels),
        Column(_("status"), lambda r: r.get_status_display()),
    ])


@allowed("devices.view_recorder")
def recorder_list(request):
    actions = []
    if request.user.has_perm("devices.add_recorder"):
        actions = [{"url": reverse("devices:recorder_create"), "label": _("New recorder")}]
    return render_list(
        request, title=_("Recorders"), queryset=selectors.recorder_list(),
        columns=recorder_columns(),
        search_fields=["code", "name", "address", "location", "serial_no"],
        filters=[Filter("site", _("All sites"), selectors.site_choices(), "site__code"),
                 status_filter()],
        actions=actions,
    )


@allowed("devices.view_recorder")
def recorder_detail(request, pk: int):
    recorder = get_object_or_404(selectors.recorder_list(), pk=pk)
    fields = [
        (_("code"), recorder.code),
        (_("name"), recorder.name),
        (_("site"), recorder.site.name),
        (_("kind"), recorder.get_kind_display()),
        (_("network address"), value(recorder.address)),
        (_("channels"), recorder.channels),
        (_("ONVIF address"), value(recorder.onvif_address)),
        (_("user name"), value(recorder.username)),
        (_("password"), _("set") if recorder.has_password else _("not set")),
        *archive_fields(recorder),
    ]
    sections = [
        section(_("Cameras on this recorder"),
                 selectors.camera_list().filter(recorder=recorder), camera_columns()),
        section(_("Storage of this recorder"),
                 selectors.storage_list().filter(recorder=recorder), storage_columns()),
    ]
    return detail(request, obj=recorder, fields=fields, sections=sections,
                   perm="devices.change_recorder", edit="devices:recorder_edit")


@allowed("devices.add_recorder")
def recorder_create(request):
    return save_form(
        request, form_class=RecorderForm, title=_("New recorder"),
        cancel_url=reverse("devices:recorder_list"),
        save=lambda fields: services.recorder_create(actor=request.user, **fields),
    )


@allowed("devices.change_recorder")
def recorder_edit(request, pk: int):
    recorder = get_object_or_404(selectors.recorder_list(), pk=pk)
    return save_form(
        request, form_class=RecorderForm, instance=recorder,
        title=_("Edit recorder %(recorder)s") % {"recorder": recorder},
        cancel_url=recorder.get_absolute_url(),
        save=lambda fields: services.recorder_update(
            actor=request.user, recorder=recorder, **fields),
    )
