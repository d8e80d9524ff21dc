"""The duty log's rows and a handover's events, written in Python by `core.listing.
RowTable`: a page of a hundred entries is read at every shift, and the template language
would spend most of the page's time on them (docs/decisions.md). Each table is rendered
this way only, wherever it appears: the log, the duty desk, a log entry's page and the
handover record (`log_head`, `log_rows`); the handover form and record (`event_rows`)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from watchroom.core.listing import Cell, RowTable
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.duty import extensions
from watchroom.duty.choices import LogCategory
from watchroom.duty.selectors import handover, log
from watchroom.recording.access import camera_scope_refusal

register = template.Library()
_CATEGORIES = dict(LogCategory.choices)


def _actions(entry, context) -> str:
    """Change (its author, before the handover) or correct (anyone else who writes, and
    everyone once it is locked): asked of the same predicates as the services."""
    user = context.get("user")
    if user is None:
        return ""
    lent = [format_html('<a class="button secondary small" href="{}">{}</a> ', link["url"],
                        link["label"]) for link in extensions.entry_links(user, entry)]
    return mark_safe("".join([*lent, _own_actions(user, entry)]))  # noqa: S308 (built escaped)


def _own_actions(user, entry) -> str:
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
                                 _("corrects the entry of %(at)s") % {
                                     "at": local_text(corrects_at, "%m-%d %H:%M")}))
    if getattr(e, "corrected", False):
        notes.append(format_html('<small class="badge warn" data-testid="log-corrected">{}'
                                 "</small><br>", _("corrected: see the correction")))
    if e.changed_at:
        notes.append(format_html('<small data-testid="log-changed">{}</small><br>',
                                 _("changed by its author at %(at)s") % {
                                     "at": local_text(e.changed_at, "%m-%d %H:%M:%S")}))
    return mark_safe("".join(notes))  # noqa: S308 - built by format_html


def _picture(e, context):
    """R-INC-1: the picture a report from the wall attached, shown to a reader who may see
    the camera (R-FOOT-6); it opens in the page, with no download (R-FOOT-5)."""
    if not getattr(e, "picture_pk", None):
        return ""
    user = context.get("user")
    if user is None or (e.camera_id and camera_scope_refusal(user, e.camera) is not None):
        return format_html('<br><small class="badge" data-testid="log-picture-hidden">{}</small>',
                           _("picture (not in your knowledge scope)"))
    url = reverse("duty:log_picture", args=[e.pk])
    return format_html('<br><a href="{}" data-testid="log-picture"><img src="{}" alt="{}" '
                       'class="log-picture" loading="lazy"></a>', url, url,
                       _("the picture reported"))


def _handed_over(e):
    if not e.handover_id:
        return None
    return format_html(' <a class="badge warn" href="{}" title="R-HAND-4">{}</a>',
                       reverse("duty:handover_detail", args=[e.handover_id]),
                       _("during the handover: both shifts"))


LOG = RowTable([
    Cell(gettext_lazy("time"), lambda e, c: local_text(e.at, "%m-%d %H:%M")),
    Cell(gettext_lazy("category"), lambda e, c: _CATEGORIES.get(e.category, e.category)),
    Cell(gettext_lazy("camera"), lambda e, c: (e.camera.code if e.camera_id else "", " ",
                                               e.area or "")),
    Cell(gettext_lazy("what was seen"), lambda e, c: (_notes(e), e.seen, _picture(e, c))),
    Cell(gettext_lazy("what was done"), lambda e, c: e.done),
    Cell(gettext_lazy("who was told"), lambda e, c: e.told),
    Cell(gettext_lazy("entered by"), lambda e, c: (
        getattr(e, "author_name", None) or person_name(e.author),
        " 🔒" if e.locked_at else "", _handed_over(e))),
    Cell("", _actions, css="row-actions", head_css="no-print"),
], empty=gettext_lazy("Nothing logged."), row_attrs=lambda e: {
    "data-entry": e.pk, "class": "correction" if e.corrects_id else None})

EVENTS = RowTable([
    Cell(gettext_lazy("time"), lambda e, c: handover.event_time(e["at"]) if e["at"] else ""),
    Cell(gettext_lazy("category"), lambda e, c: _CATEGORIES.get(e["category"], e["category"])),
    Cell(gettext_lazy("camera"), lambda e, c: e["camera"]),
    Cell(gettext_lazy("what was seen"), lambda e, c: e["seen"]),
    Cell(gettext_lazy("what was done"), lambda e, c: e["done"]),
], empty=gettext_lazy("Nothing logged."))


@register.simple_tag
def log_head():
    return LOG.head()


@register.simple_tag
def log_rows(entries, user=None):
    """The log's rows; given the reader, each row carries the action the reader may take."""
    return LOG.rows(entries, {"user": user})


@register.simple_tag
def event_rows(events):
    """The events a handover keeps: local time, category, camera, what was seen and done."""
    return EVENTS.rows(events)
