"""Camera pages: the list, a camera, adding, changing, importing and the import template."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from watchroom.core import extensions
from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_list
from watchroom.core.refusals import form_refusal
from watchroom.devices import import_template, selectors, services
from watchroom.devices.forms import (
    CameraForm,
    CameraImportForm,
)
from watchroom.devices.importing import HEADERS, REQUIRED, ImportRejected
from watchroom.devices.views.common import (
    archive_fields,
    capitalised,
    detail,
    save_form,
    status_filter,
    value,
)
from watchroom.devices.views.floor_plans import area_links
from watchroom.rules import RuleViolation


def camera_columns() -> list[Column]:
    return capitalised([
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
        columns=camera_columns(),
        search_fields=["code", "name", "area__name", "location", "serial_no"],
        filters=[
            Filter("site", _("All sites"), selectors.site_choices(), "area__site__code"),
            Filter("area", _("All areas"), selectors.area_choices(), "area__code"),
            Filter("recorder", _("All recorders"), selectors.recorder_choices(),
                   "recorder__code"),
            status_filter(),
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
        (_("recorder"), value(camera.recorder)),
        (_("stream URL"), value(camera.stream_url)),
        (_("sub-stream URL"), value(camera.substream_url)),
        (_("ONVIF address"), value(camera.onvif_address)),
        (_("user name"), value(camera.username)),
        (_("password"), _("set") if camera.has_password else _("not set")),
        (_("resolution"), value(camera.resolution)),
        (_("enabled"), value(camera.enabled)),
        *archive_fields(camera),
    ]
    return detail(request, obj=camera, fields=fields,
                   perm="devices.change_camera", edit="devices:camera_edit",
                   actions=area_links(request.user, camera.area)
                   + extensions.place_links(request.user, camera))


@allowed("devices.add_camera")
def camera_create(request):
    return save_form(
        request, form_class=CameraForm, title=_("New camera"),
        cancel_url=reverse("devices:camera_list"),
        save=lambda fields: services.camera_create(actor=request.user, **fields),
    )


@allowed("devices.change_camera")
def camera_edit(request, pk: int):
    camera = get_object_or_404(selectors.camera_list(), pk=pk)
    return save_form(
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
        "template_url": reverse("devices:camera_import_template"),
        "columns": [{"zh": aliases[0], "en": field, "required": field in REQUIRED}
                    for field, aliases in HEADERS.items()],
    }, status=status)


@allowed("devices.add_camera")
def camera_import_template(request):
    return FileResponse(import_template.workbook(), as_attachment=True,
                        filename=_("camera-list-template") + ".xlsx")
