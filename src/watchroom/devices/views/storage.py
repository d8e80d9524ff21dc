"""Storage pages: the list, one store, adding and changing."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.devices import selectors, services
from watchroom.devices.forms import (
    StorageForm,
)
from watchroom.devices.views.common import (
    archive_fields,
    capitalised,
    detail,
    save_form,
    status_filter,
    value,
)


def storage_columns() -> list[Column]:
    return capitalised([
        Column(_("code"), lambda s: s.code),
        Column(_("name"), lambda s: s.name),
        Column(_("site"), lambda s: s.site.name),
        Column(_("kind"), lambda s: s.get_kind_display()),
        Column(_("capacity (TB)"), lambda s: s.capacity_tb),
        Column(_("recorder"), lambda s: s.recorder.code if s.recorder else ""),
        Column(_("status"), lambda s: s.get_status_display()),
    ])


@allowed("devices.view_storage")
def storage_list(request):
    actions = []
    if request.user.has_perm("devices.add_storage"):
        actions = [{"url": reverse("devices:storage_create"), "label": _("New storage")}]
    return render_list(
        request, title=_("Storage"), queryset=selectors.storage_list(),
        columns=storage_columns(),
        search_fields=["code", "name", "location", "serial_no"],
        filters=[Filter("site", _("All sites"), selectors.site_choices(), "site__code"),
                 status_filter()],
        actions=actions,
    )


@allowed("devices.view_storage")
def storage_detail(request, pk: int):
    storage = get_object_or_404(selectors.storage_list(), pk=pk)
    fields = [
        (_("code"), storage.code),
        (_("name"), storage.name),
        (_("site"), storage.site.name),
        (_("kind"), storage.get_kind_display()),
        (_("capacity (TB)"), storage.capacity_tb),
        (_("recorder"), value(storage.recorder)),
        *archive_fields(storage),
    ]
    return detail(request, obj=storage, fields=fields,
                   perm="devices.change_storage", edit="devices:storage_edit")


@allowed("devices.add_storage")
def storage_create(request):
    return save_form(
        request, form_class=StorageForm, title=_("New storage"),
        cancel_url=reverse("devices:storage_list"),
        save=lambda fields: services.storage_create(actor=request.user, **fields),
    )


@allowed("devices.change_storage")
def storage_edit(request, pk: int):
    storage = get_object_or_404(selectors.storage_list(), pk=pk)
    return save_form(
        request, form_class=StorageForm, instance=storage,
        title=_("Edit storage %(storage)s") % {"storage": storage},
        cancel_url=storage.get_absolute_url(),
        save=lambda fields: services.storage_update(
            actor=request.user, storage=storage, **fields),
    )
