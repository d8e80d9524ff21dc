"""Manuals on each item's page (R-EQUIP-1), and the whole archive as a workbook."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core.decorators import allowed
from watchroom.core.refusals import flash_refusal
from watchroom.core.uploads import bounded_uploads
from watchroom.devices import export, manuals, services
from watchroom.devices.forms import ManualUploadForm
from watchroom.devices.models import EquipmentManual
from watchroom.rules import RuleViolation


@require_POST
@bounded_uploads(manuals.MAX_BYTES)
@allowed()
def manual_upload(request, label: str, pk: int):
    equipment = manuals.equipment_of(label, pk)
    if equipment is None:
        raise Http404(_("No such equipment."))
    form = ManualUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(equipment)
    upload = form.cleaned_data["file"]
    try:
        services.manual_upload(actor=request.user, equipment=equipment, name=upload.name,
                               content=upload.read(manuals.MAX_BYTES + 1))
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, _("The manual %(name)s was attached.") % {
            "name": upload.name})
    return redirect(equipment)


@allowed()
def manual_download(request, pk: int):
    manual = get_object_or_404(EquipmentManual, pk=pk)
    if not request.user.has_perm(manuals.view_perm(manual.equipment_label)):
        raise PermissionDenied
    path = manuals.file_of(manual)
    if not path.is_file():
        raise Http404(_("The manual's file is missing."))
    services.manual_download(actor=request.user, manual=manual)
    response = FileResponse(path.open("rb"), content_type=manual.content_type,
                            as_attachment=True, filename=manual.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@allowed("devices.view_camera", "devices.view_recorder", "devices.view_storage",
         "devices.view_display", "devices.view_networkdevice", "devices.view_powersupply")
def archive_export(request):
    """R-EQUIP-1: the whole archive, a sheet per kind, headers in the reader's language."""
    name = _("equipment-archive") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return FileResponse(export.workbook(), as_attachment=True, filename=name)
