"""Network and power equipment pages (R-EQUIP-1): the list, one item, adding and
changing (retiring is a change of status), importing a list and its template."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.core.refusals import form_refusal
from watchroom.devices import import_template, selectors, services
from watchroom.devices.forms import EquipmentImportForm, NetworkDeviceForm, PowerSupplyForm
from watchroom.devices.importing import KINDS, ImportRejected
from watchroom.devices.views.common import (
    archive_fields,
    capitalised,
    detail,
    save_form,
    status_filter,
    value,
)
from watchroom.rules import RuleViolation


def network_device_columns() -> list[Column]:
    return capitalised([
        Column(_("code"), lambda n: n.code),
        Column(_("name"), lambda n: n.name),
        Column(_("site"), lambda n: n.site.name),
        Column(_("kind"), lambda n: n.get_kind_display()),
        Column(_("network address"), lambda n: n.address),
        Column(_("ports"), lambda n: value(n.ports)),
        Column(_("status"), lambda n: n.get_status_display()),
    ])


def power_supply_columns() -> list[Column]:
    return capitalised([
        Column(_("code"), lambda p: p.code),
        Column(_("name"), lambda p: p.name),
        Column(_("site"), lambda p: p.site.name),
        Column(_("kind"), lambda p: p.get_kind_display()),
        Column(_("capacity (VA)"), lambda p: value(p.capacity_va)),
        Column(_("battery install date"), lambda p: value(p.battery_installed)),
        Column(_("status"), lambda p: p.get_status_display()),
    ])


def _list_actions(request, label: str, new_label: str, import_label: str) -> list[dict]:
    if not request.user.has_perm(f"devices.add_{label}"):
        return []
    return [{"url": reverse(f"devices:{label}_create"), "label": new_label},
            {"url": reverse(f"devices:{label}_import"), "label": import_label}]


@allowed("devices.view_networkdevice")
def network_device_list(request):
    return render_list(
        request, title=_("Network devices"), queryset=selectors.network_device_list(),
        columns=network_device_columns(),
        search_fields=["code", "name", "location", "serial_no", "address"],
        filters=[Filter("site", _("All sites"), selectors.site_choices(), "site__code"),
                 status_filter()],
        actions=_list_actions(request, "networkdevice", _("New network device"),
                              _("Import network devices")),
    )


@allowed("devices.view_networkdevice")
def network_device_detail(request, pk: int):
    item = get_object_or_404(selectors.network_device_list(), pk=pk)
    fields = [
        (_("code"), item.code), (_("name"), item.name), (_("site"), item.site.name),
        (_("kind"), item.get_kind_display()), (_("network address"), value(item.address)),
        (_("ports"), value(item.ports)), *archive_fields(item),
    ]
    return detail(request, obj=item, fields=fields, perm="devices.change_networkdevice",
                  edit="devices:networkdevice_edit")


@allowed("devices.add_networkdevice")
def network_device_create(request):
    return save_form(
        request, form_class=NetworkDeviceForm, title=_("New network device"),
        cancel_url=reverse("devices:networkdevice_list"),
        save=lambda fields: services.network_device_create(actor=request.user, **fields),
    )


@allowed("devices.change_networkdevice")
def network_device_edit(request, pk: int):
    item = get_object_or_404(selectors.network_device_list(), pk=pk)
    return save_form(
        request, form_class=NetworkDeviceForm, instance=item,
        title=_("Edit network device %(item)s") % {"item": item},
        cancel_url=item.get_absolute_url(),
        save=lambda fields: services.network_device_update(
            actor=request.user, network_device=item, **fields),
    )


@allowed("devices.view_powersupply")
def power_supply_list(request):
    return render_list(
        request, title=_("Power supplies"), queryset=selectors.power_supply_list(),
        columns=power_supply_columns(),
        search_fields=["code", "name", "location", "serial_no"],
        filters=[Filter("site", _("All sites"), selectors.site_choices(), "site__code"),
                 status_filter()],
        actions=_list_actions(request, "powersupply", _("New power supply"),
                              _("Import power supplies")),
    )


@allowed("devices.view_powersupply")
def power_supply_detail(request, pk: int):
    item = get_object_or_404(selectors.power_supply_list(), pk=pk)
    fields = [
        (_("code"), item.code), (_("name"), item.name), (_("site"), item.site.name),
        (_("kind"), item.get_kind_display()), (_("capacity (VA)"), value(item.capacity_va)),
        (_("battery install date"), value(item.battery_installed)), *archive_fields(item),
    ]
    return detail(request, obj=item, fields=fields, perm="devices.change_powersupply",
                  edit="devices:powersupply_edit")


@allowed("devices.add_powersupply")
def power_supply_create(request):
    return save_form(
        request, form_class=PowerSupplyForm, title=_("New power supply"),
        cancel_url=reverse("devices:powersupply_list"),
        save=lambda fields: services.power_supply_create(actor=request.user, **fields),
    )


@allowed("devices.change_powersupply")
def power_supply_edit(request, pk: int):
    item = get_object_or_404(selectors.power_supply_list(), pk=pk)
    return save_form(
        request, form_class=PowerSupplyForm, instance=item,
        title=_("Edit power supply %(item)s") % {"item": item},
        cancel_url=item.get_absolute_url(),
        save=lambda fields: services.power_supply_update(
            actor=request.user, power_supply=item, **fields),
    )


def _import(request, label: str, title: str):
    posted = request.method == "POST"
    form = EquipmentImportForm(request.POST if posted else None,
                               request.FILES if posted else None)
    row_errors = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            items = services.equipment_import(actor=request.user, label=label,
                                              file_name=upload.name, content=upload.read())
        except ImportRejected as exc:
            row_errors = exc.row_errors
        except RuleViolation as exc:
            form_refusal(form, exc, "file")
        else:
            messages.success(request, ngettext(
                "Imported %(count)d item.", "Imported %(count)d items.", len(items)
            ) % {"count": len(items)})
            return redirect(f"devices:{label}_list")
    kind = KINDS[label]
    return render(request, "devices/equipment_import.html", {
        "form": form, "row_errors": row_errors, "page_title": title,
        "cancel_url": reverse(f"devices:{label}_list"),
        "template_url": reverse(f"devices:{label}_import_template"),
        "columns": [{"zh": aliases[0], "en": field, "required": field in kind.required}
                    for field, aliases in kind.headers.items()],
        "kinds": kind.choices.choices,
    }, status=400 if row_errors or form.errors else 200)


@allowed("devices.add_networkdevice")
def network_device_import(request):
    return _import(request, "networkdevice", _("Import network devices"))


@allowed("devices.add_powersupply")
def power_supply_import(request):
    return _import(request, "powersupply", _("Import power supplies"))


@allowed("devices.add_networkdevice")
def network_device_import_template(request):
    return FileResponse(import_template.kind_workbook("networkdevice"), as_attachment=True,
                        filename=_("network-device-list-template") + ".xlsx")


@allowed("devices.add_powersupply")
def power_supply_import_template(request):
    return FileResponse(import_template.kind_workbook("powersupply"), as_attachment=True,
                        filename=_("power-supply-list-template") + ".xlsx")
