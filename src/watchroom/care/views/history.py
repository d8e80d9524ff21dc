"""One item's history page (R-EQUIP-1): everything that happened to it, in time order."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from watchroom.care.history import equipment_history
from watchroom.core.decorators import allowed
from watchroom.devices.models import EQUIPMENT_MODELS


@allowed()
def equipment_history_page(request, label: str, pk: int):
    model = EQUIPMENT_MODELS.get(label)
    equipment = model.objects.filter(pk=pk).first() if model else None
    if equipment is None:
        raise Http404(_("No such equipment."))
    if not request.user.has_perm(f"devices.view_{label}"):
        raise PermissionDenied
    return render(request, "care/equipment_history.html", {
        "page_title": _("History of %(item)s") % {"item": equipment},
        "equipment": equipment, "entries": equipment_history(equipment)})


def history_link(user, equipment) -> list[dict]:
    """The history's link on the item's detail page (lent to devices)."""
    label = equipment._meta.model_name
    if label not in EQUIPMENT_MODELS or not user.has_perm(f"devices.view_{label}"):
        return []
    return [{"url": reverse("care:equipment_history", args=[label, equipment.pk]),
             "label": _("History")}]
