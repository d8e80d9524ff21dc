"""The duty log's rows and a handover's events, written in Python: a page of a hundred
entries is read at every shift, and the template language would spend most of the page's
time on them."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from watchroom.core.people import person_name
from watchroom.duty.models import LogCategory
from watchroom.duty.selectors import handover, log

register = template.Library()
_CATEGORIES = dict(LogCategory.choices)
_ROW = ('<tr data-entry="{}"{}><td>{}</td><td>{}</td><td>{} {}</td><td>{}{}</td><td>{}</td>'
        '<td>{}</td><td>{}{}{}</td><td class="row-actions">{}</td></tr>')


def _when(value) -> str:
    return timezone.localtime(value).strftime("%m-%d %H:%M")


def _actions(user, entry) -> str:
    """Change (its author, before the handover) or correct (anyone else who writes, and
    everyone once it is locked): asked of the same predicates as the services."""
    if user is None:
        return ""
    if log.may_change(user, entry):
        return format_html('<a class="button secondary small" href="{}" data-testid="log-edit">'
                           "{}</a>", reverse("duty:log_edit", args=[entry.pk]),
                           pgettext("log entry action", "Change"))
    if log.may_correct(user, entry):
        return format_html('<a class="button secondary small" href="{}" '
                           'data-testid="log-correct">{}</a>',
                           reverse("duty:log_correct", args=[entry.pk]),
                           pgettext("log entry action", "Correct"))
    return ""


def _notes(e) -> str:
    """What the row's text says about its history: what it corrects, that it was
    corrected, that its author changed it."""
    notes = []
    if e.corrects_id:
        corrects_at = getattr(e, "corrects_at", None) or e.corrects.at
        notes.append(format_html('<small data-testid="log-corrects">{}</small><br>',
                                 _("corrects the entry of %(at)s") % {"at": _when(corrects_at)}))
    if getattr(e, "corrected", False):
        notes.append(format_html('<small class="badge warn" data-testid="log-corrected">{}'
                                 "</small><br>", _("corrected: see the correction")))
    if e.changed_at:
        notes.append(format_html('<small data-testid="log-changed">{}</small><br>',
                                 _("changed by its author at %(at)s") % {
                                     "at": timezone.localtime(e.changed_at).strftime(
                                         "%m-%d %H:%M:%S")}))
    return mark_safe("".join(notes))  # noqa: S308 - built by format_html


@register.simple_tag
def log_rows(entries, user=None):
    """The log's rows; given the reader, each row carries the action the reader may take."""
    if not entries:
        return format_html('<tr><td colspan="8" class="empty">{}</td></tr>', _("Nothing logged."))
    shared = _("during the handover: both shifts")
    rows = []
    for e in entries:
        badge = (format_html(' <a class="badge warn" href="{}" title="R-HAND-4">{}</a>',
                             reverse("duty:handover_detail", args=[e.handover_id]), shared)
                 if e.handover_id else "")
        author = getattr(e, "author_name", None) or person_name(e.author)
        rows.append((e.pk, mark_safe(' class="correction"') if e.corrects_id else "",
                     _when(e.at), _CATEGORIES.get(e.category, e.category),
                     e.camera.code if e.camera_id else "", e.area or "", _notes(e), e.seen,
                     e.done, e.told, author, " 🔒" if e.locked_at else "", badge,
                     _actions(user, e)))
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
