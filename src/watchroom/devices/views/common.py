"""What the equipment pages share: the form page, the archive fields of a record,
its detail page with its sections, and the status filter."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from watchroom.core import extensions
from watchroom.core.listing import Column, Filter, render_detail, rows_for
from watchroom.core.refusals import form_refusal
from watchroom.devices.choices import EquipmentStatus
from watchroom.rules import RuleViolation


def save_form(request, *, form_class, save, title, cancel_url, instance=None):
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


def value(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "year"):
        return date_format(value)
    return str(value)


def archive_fields(obj) -> list[tuple[str, str]]:
    return [
        (_("status"), obj.get_status_display()),
        (_("location"), value(obj.location)),
        (_("supplier"), value(obj.supplier)),
        (_("model"), value(obj.model_name)),
        (_("serial number"), value(obj.serial_no)),
        (_("install date"), value(obj.install_date)),
        (_("operating manual"), value(obj.manual_url)),
        (_("notes"), value(obj.notes)),
    ]


def capitalised(columns: list[Column]) -> list[Column]:
    return [Column(capfirst(c.label), c.value) for c in columns]


def detail(request, *, obj, fields, perm: str, edit: str, sections=(), actions=()):
    from watchroom.devices import manuals
    from watchroom.devices.forms import ManualUploadForm
    from watchroom.devices.selectors import manual_upload_refusal

    label = obj._meta.model_name
    may_upload = manual_upload_refusal(request.user, obj) is None
    return render_detail(
        request, title=str(obj), fields=[(capfirst(label), value) for label, value in fields],
        sections=sections, actions=[*edit_action(request, perm, edit, obj.pk), *actions,
                                    *extensions.place_links(request.user, obj)],
        template="devices/equipment_detail.html",
        extra={"manuals": manuals.manuals_of(obj),
               "manual_form": ManualUploadForm() if may_upload else None,
               "manual_upload_url": reverse("devices:manual_upload", args=[label, obj.pk])},
    )


def edit_action(request, perm: str, name: str, pk: int) -> list[dict]:
    if request.user.has_perm(perm):
        return [{"url": reverse(name, args=[pk]), "label": _("Edit")}]
    return []


def section(title, queryset, columns) -> dict:
    page = Paginator(queryset, 200).get_page(1)
    return {"title": title, "columns": [c.label for c in columns],
            "rows": rows_for(page.object_list, columns, lambda o: o.get_absolute_url()),
            "page": page}


def status_filter() -> Filter:
    return Filter("status", _("All statuses"), EquipmentStatus.choices, "status")
