"""Pages of the equipment archive (R-EQUIP-1): list, detail, create and edit for each
kind of equipment, and the camera import. Every write is one service call."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_detail, render_list, rows_for
from watchroom.core.refusals import form_refusal
from watchroom.devices import import_template, selectors, services
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.forms import (
    CameraForm,
    CameraImportForm,
    DisplayForm,
    RecorderForm,
    StorageForm,
)
from watchroom.devices.importing import HEADERS, REQUIRED, ImportRejected
from watchroom.rules import RuleViolation


def _save_form(request, *, form_class, save, title, cancel_url, instance=None):
    """Show the form; on a valid POST call `save(fields)`, the one service call."""
    # The form works on a copy: the service compares the stored object with the new values.
    form_instance = copy.copy(instance) if instance is not None else None
    form = form_class(request.POST if request.method == "POST" else None,
                      instance=form_instance)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.service_fields())
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("Saved %(object)s.") % {"object": obj})
            return redirect(obj)
    return render(request, "form.html",
                  {"form": form, "page_title": title, "cancel_url": cancel_url})


def _value(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "year"):
        return date_format(value)
    return str(value)


def _archive_fields(obj) -> list[tuple[str, str]]:
    return [
        (_("status"), obj.get_status_display()),
        (_("location"), _value(obj.location)),
        (_("supplier"), _value(obj.supplier)),
        (_("model"), _value(obj.model_name)),
        (_("serial number"), _value(obj.serial_no)),
        (_("install date"), _value(obj.install_date)),
        (_("operating manual"), _value(obj.manual_url)),
        (_("notes"), _value(obj.notes)),
    ]


def _capitalised(columns: list[Column]) -> list[Column]:
    return [Column(capfirst(c.label), c.value) for c in columns]


def _detail(request, *, obj, fields, perm: str, edit: str, sections=()):
    return render_detail(
        request, title=str(obj), fields=[(capfirst(label), value) for label, value in fields],
        sections=sections, actions=_edit_action(request, perm, edit, obj.pk),
    )


def _edit_action(request, perm: str, name: str, pk: int) -> list[dict]:
    if request.user.has_perm(perm):
        return [{"url": reverse(name, args=[pk]), "label": _("Edit")}]
    return []


def _section(title, queryset, columns) -> dict:
    page = Paginator(queryset, 200).get_page(1)
    return {"title": title, "columns": [c.label for c in columns],
            "rows": rows_for(page.object_list, columns, lambda o: o.get_absolute_url()),
            "page": page}


def _status_filter() -> Filter:
    return Filter("status", _("All statuses"), EquipmentStatus.choices, "status")


# ---------------------------------------------------------------- cameras

def _camera_columns() -> list[Column]:
    return _capitalised([
        Column(_("code"), lambda c: c.code),
        Column(_("name"), lambda c: c.name),
        Column(_("area"), lambda c: c.area.name),
        Column(_("responsible department"), lambda c: c.area.department.name),
        Column(_("recorder"), lambda c: c.recorder.code if c.recorder else ""),
        Column(_("location"), lambda c: c.location),
        Column(_("status"), lambda c: c.get_status_display()),
    ])


@allowed("devices.view_camera")
def camera_list(request):
    actions = []
    if request.user.has_perm("devices.add_camera"):
        actions = [{"url": reverse("devices:camera_create"), "label": _("New camera")},
                   {"url": reverse("devices:camera_import"), "label": _("Import cameras")}]
    return render_list(
        request, title=_("Cameras"), queryset=selectors.camera_list(),
        columns=_camera_columns(),
        search_fields=["code", "name", "area__name", "location", "serial_no"],
        filters=[
            Filter("site", _("All sites"), selectors.site_choices(), "area__site__code"),
            Filter("area", _("All areas"), selectors.area_choices(), "area__code"),
            Filter("recorder", _("All recorders"), selectors.recorder_choices(),
                   "recorder__code"),
            _status_filter(),
        ],
        actions=actions,
    )


@allowed("devices.view_camera")
def camera_detail(request, pk: int):
    camera = get_object_or_404(selectors.camera_list(), pk=pk)
    fields = [
        (_("code"), camera.code),
        (_("name"), camera.name),
        (_("site"), camera.area.site.name),
        (_("area"), camera.area.name),
        (_("responsible department"), camera.area.department.name),
        (_("recorder"), _value(camera.recorder)),
        (_("stream URL"), _value(camera.stream_url)),
        (_("ONVIF address"), _value(camera.onvif_address)),
        (_("user name"), _value(camera.username)),
        (_("password"), _("set") if camera.has_password else _("not set")),
        (_("resolution"), _value(camera.resolution)),
        (_("enabled"), _value(camera.enabled)),
        *_archive_fields(camera),
    ]
    return _detail(request, obj=camera, fields=fields,
                   perm="devices.change_camera", edit="devices:camera_edit")


@allowed("devices.add_camera")
def camera_create(request):
    return _save_form(
        request, form_class=CameraForm, title=_("New camera"),
        cancel_url=reverse("devices:camera_list"),
        save=lambda fields: services.camera_create(actor=request.user, **fields),
    )


@allowed("devices.change_camera")
def camera_edit(request, pk: int):
    camera = get_object_or_404(selectors.camera_list(), pk=pk)
    return _save_form(
        request, form_class=CameraForm, instance=camera,
        title=_("Edit camera %(camera)s") % {"camera": camera},
        cancel_url=camera.get_absolute_url(),
        save=lambda fields: services.camera_update(actor=request.user, camera=camera, **fields),
    )


@allowed("devices.add_camera")
def camera_import(request):
    posted = request.method == "POST"
    form = CameraImportForm(request.POST if posted else None, request.FILES if posted else None)
    row_errors = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            cameras = services.camera_import(
                actor=request.user, file_name=upload.name, content=upload.read()
            )
        except ImportRejected as exc:
            row_errors = exc.row_errors
        except RuleViolation as exc:
            form_refusal(form, exc, "file")
        else:
            messages.success(request, ngettext(
                "Imported %(count)d camera.", "Imported %(count)d cameras.", len(cameras)
            ) % {"count": len(cameras)})
            return redirect("devices:camera_list")
    status = 400 if row_errors or form.errors else 200
    return render(request, "devices/camera_import.html", {
        "form": form, "row_errors": row_errors, "page_title": _("Import cameras"),
        "cancel_url": reverse("devices:camera_list"),
        "columns": [{"zh": aliases[0], "en": field, "required": field in REQUIRED}
                    for field, aliases in HEADERS.items()],
    }, status=status)


@allowed("devices.add_camera")
def camera_import_template(request):
    return FileResponse(import_template.workbook(), as_attachment=True,
                        filename=_("camera-list-template") + ".xlsx")


# ---------------------------------------------------------------- recorders

def _recorder_columns() -> list[Column]:
    return _capitalised([
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
        columns=_recorder_columns(),
        search_fields=["code", "name", "address", "location", "serial_no"],
        filters=[Filter("site", _("All sites"), selectors.site_choices(), "site__code"),
                 _status_filter()],
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
        (_("network address"), _value(recorder.address)),
        (_("channels"), recorder.channels),
        *_archive_fields(recorder),
    ]
    sections = [
        _section(_("Cameras on this recorder"),
                 selectors.camera_list().filter(recorder=recorder), _camera_columns()),
        _section(_("Storage of this recorder"),
                 selectors.storage_list().filter(recorder=recorder), _storage_columns()),
    ]
    return _detail(request, obj=recorder, fields=fields, sections=sections,
                   perm="devices.change_recorder", edit="devices:recorder_edit")


@allowed("devices.add_recorder")
def recorder_create(request):
    return _save_form(
        request, form_class=RecorderForm, title=_("New recorder"),
        cancel_url=reverse("devices:recorder_list"),
        save=lambda fields: services.recorder_create(actor=request.user, **fields),
    )


@allowed("devices.change_recorder")
def recorder_edit(request, pk: int):
    recorder = get_object_or_404(selectors.recorder_list(), pk=pk)
    return _save_form(
        request, form_class=RecorderForm, instance=recorder,
        title=_("Edit recorder %(recorder)s") % {"recorder": recorder},
        cancel_url=recorder.get_absolute_url(),
        save=lambda fields: services.recorder_update(
            actor=request.user, recorder=recorder, **fields),
    )


# ---------------------------------------------------------------- storage

def _storage_columns() -> list[Column]:
    return _capitalised([
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
        columns=_storage_columns(),
        search_fields=["code", "name", "location", "serial_no"],
        filters=[Filter("site", _("All sites"), selectors.site_choices(), "site__code"),
                 _status_filter()],
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
        (_("recorder"), _value(storage.recorder)),
        *_archive_fields(storage),
    ]
    return _detail(request, obj=storage, fields=fields,
                   perm="devices.change_storage", edit="devices:storage_edit")


@allowed("devices.add_storage")
def storage_create(request):
    return _save_form(
        request, form_class=StorageForm, title=_("New storage"),
        cancel_url=reverse("devices:storage_list"),
        save=lambda fields: services.storage_create(actor=request.user, **fields),
    )


@allowed("devices.change_storage")
def storage_edit(request, pk: int):
    storage = get_object_or_404(selectors.storage_list(), pk=pk)
    return _save_form(
        request, form_class=StorageForm, instance=storage,
        title=_("Edit storage %(storage)s") % {"storage": storage},
        cancel_url=storage.get_absolute_url(),
        save=lambda fields: services.storage_update(
            actor=request.user, storage=storage, **fields),
    )


# ---------------------------------------------------------------- displays

def _display_columns() -> list[Column]:
    return _capitalised([
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
        columns=_display_columns(),
        search_fields=["code", "name", "room__name", "location", "serial_no"],
        filters=[Filter("room", _("All monitoring rooms"), selectors.room_choices(),
                        "room__code"),
                 _status_filter()],
        actions=actions,
    )


@allowed("devices.view_display")
def display_detail(request, pk: int):
    display = get_object_or_404(selectors.display_list(), pk=pk)
    fields = [
        (_("code"), display.code),
        (_("name"), display.name),
        (_("monitoring room"), display.room.name),
        (_("size (inches)"), _value(display.size_inches)),
        *_archive_fields(display),
    ]
    return _detail(request, obj=display, fields=fields,
                   perm="devices.change_display", edit="devices:display_edit")


@allowed("devices.add_display")
def display_create(request):
    return _save_form(
        request, form_class=DisplayForm, title=_("New display"),
        cancel_url=reverse("devices:display_list"),
        save=lambda fields: services.display_create(actor=request.user, **fields),
    )


@allowed("devices.change_display")
def display_edit(request, pk: int):
    display = get_object_or_404(selectors.display_list(), pk=pk)
    return _save_form(
        request, form_class=DisplayForm, instance=display,
        title=_("Edit display %(display)s") % {"display": display},
        cancel_url=display.get_absolute_url(),
        save=lambda fields: services.display_update(
            actor=request.user, display=display, **fields),
    )
