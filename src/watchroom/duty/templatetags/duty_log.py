"""The duty log's rows and a handover's events, written in Python: a page of a hundred
entries is read at every shift, and the template language would spend most of the page's
time on them."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from watchroom.duty import handover
from watchroom.duty.models import LogCategory

register = template.Library()
_CATEGORIES = dict(LogCategory.choices)
_ROW = ("<tr><td>{}</td><td>{}</td><td>{} {}</td><td>{}{}</td><td>{}</td><td>{}</td>"
        "<td>{}{}{}</td></tr>")


def _when(value) -> str:
    return timezone.localtime(value).strftime("%m-%d %H:%M")


@register.simple_tag
def log_rows(entries):
    if not entries:
        return format_html('<tr><td colspan="7" class="empty">{}</td></tr>', _("Nothing logged."))
    shared = _("during the handover: both shifts")
    rows = []
    for e in entries:
        corrects = (format_html("<small>{}</small><br>", _("corrects the entry of %(at)s") % {
            "at": _when(e.corrects_at)}) if e.corrects_id else "")
        badge = (format_html(' <a class="badge warn" href="{}" title="R-HAND-4">{}</a>',
                             reverse("duty:handover_detail", args=[e.handover_id]), shared)
                 if e.handover_id else "")
        rows.append((_when(e.at), _CATEGORIES.get(e.category, e.category),
                     e.camera.code if e.camera_id else "", e.area or "", corrects, e.seen,
                     e.done, e.told, e.author_name, " 🔒" if e.locked_at else "", badge))
    return mark_safe(format_html_join("\n", _ROW, rows))  # noqa: S308 - built by format_html


_EVENT = "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"


@register.filter
def event_time(iso: str) -> str:
    """A handover event's time (kept as ISO 8601) in local time."""
    return handover.event_time(iso) if iso else ""


@register.simple_tag
def event_rows(events):
    """The events of a handover: local time, category, camera, what was seen and done."""
    if not events:
        return format_html('<tr><td colspan="5" class="empty">{}</td></tr>', _("Nothing logged."))
    return format_html_join("\n", _EVENT, (
        (handover.event_time(e["at"]), _CATEGORIES.get(e["category"], e["category"]), e["camera"],
         e["seen"], e["done"]) for e in events))
