"""Links care lends other apps' pages (through core.extensions.place_links)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.care import equipment as items
from watchroom.care.choices import FaultSource
from watchroom.care.repair_archive import report_query
from watchroom.care.selectors import faults as selectors


def equipment_links(user, place) -> list[dict]:
    """On an equipment item's page: report a fault, its repair archive (检修档案)."""
    if not items.is_equipment_model(type(place)):
        return []
    links = []
    if selectors.fault_report_refusal(user, place) is None:
        links.append({"url": reverse("care:fault_report") + "?" + report_query(
            place, FaultSource.EQUIPMENT_PAGE), "label": _("Report a fault")})
    if user.has_perm(selectors.VIEW):
        links.append({"url": reverse("care:repair_archive",
                                     args=[items.label_of(place), place.pk]),
                      "label": _("Repair archive")})
    return links


def home_figures() -> list[tuple]:
    """The home page's card: the faults still open (R-EQUIP-3)."""
    from watchroom.care.choices import FaultStatus
    from watchroom.care.models import Fault

    return [(selectors.VIEW, _("Open faults"), Fault.objects.exclude(status=FaultStatus.CLOSED),
             "care:fault_list")]
