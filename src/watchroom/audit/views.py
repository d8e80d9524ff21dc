"""The auditor's pages (R-SEC-3): search the trail, inspect one event, verify the
chain, download signed checkpoints. Reads come from `selectors`."""

import datetime as dt
import json

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from watchroom.audit import chain, checkpoints, names, selectors
from watchroom.audit.services import audit_verify
from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, rows_for
from watchroom.core.people import person_name
from watchroom.core.times import WITH_SECONDS, local_text

VIEW = "audit.view_auditevent"
VERIFY = "audit.verify_auditevent"
VIEW_CHECKPOINTS = "audit.view_auditcheckpoint"
USER_TARGET = "auth.user"


class UTCDateTimeField(forms.DateTimeField):
    """A local date and time, in UTC; one too far out to convert is a form error."""

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        try:
            return result.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(_("This date is out of range.")) from None


class EventSearchForm(forms.Form):
    """Search criteria; datetimes are read in the current time zone."""

    q = forms.CharField(label=gettext_lazy("Text"), required=False, max_length=100)
    actor = forms.CharField(label=gettext_lazy("Actor"), required=False, max_length=150,
                            help_text=gettext_lazy("A user name, or part of a name."))
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False,
                                 choices=lambda: [("", gettext_lazy("All")),
                                                  *names.category_choices()])
    action = forms.CharField(
        label=gettext_lazy("Action"), required=False, max_length=100,
        help_text=gettext_lazy("Exact, or a prefix ending in a dot such as auth."),
    )
    target_type = forms.CharField(label=gettext_lazy("Target type"), required=False,
                                  max_length=100)
    target_id = forms.CharField(label=gettext_lazy("Target ID"), required=False, max_length=64)
    target = forms.CharField(label=gettext_lazy("Target"), required=False, max_length=100)
    since = UTCDateTimeField(
        label=gettext_lazy("From"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    until = UTCDateTimeField(
        label=gettext_lazy("To"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _people(events) -> dict[int, str]:
    """The actors' names (R-SEC-1: whose action it was), by user id, in one query."""
    ids = {e.actor_user_id for e in events if e.actor_user_id}
    ids |= {int(e.target_id) for e in events
            if e.target_type == USER_TARGET and e.target_id.isdigit()}
    users = get_user_model().objects.filter(pk__in=ids).select_related("staff")
    return {user.pk: person_name(user) for user in users}


def _target(event, people: dict[int, str]) -> str:
    if event.target_type == USER_TARGET and event.target_id.isdigit():
        name = people.get(int(event.target_id))
        if name:
            return name
    return event.target_label or f"{event.target_type} {event.target_id}".strip()


def _action(event) -> str:
    """The action's name; a refusal also names its rule."""
    name = names.action_name(event.action)
    if event.action == "rule.refused":
        try:
            rule = json.loads(event.data).get("rule")
        except (ValueError, AttributeError):
            rule = None
        if rule:
            return f"{name} · {rule}"
    return name


def _event_url(event):
    return reverse("audit:event_detail", args=[event.seq])


@allowed(VIEW)
def event_list(request):
    form = EventSearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_search(
        text=criteria.get("q") or "",
        actor=criteria.get("actor") or "",
        actor_by_name=True,
        action=criteria.get("action") or "",
        category=criteria.get("category") or "",
        target_type=criteria.get("target_type") or "",
        target_id=criteria.get("target_id") or "",
        target=criteria.get("target") or "",
        since=criteria.get("since"),
        until=criteria.get("until"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    people = _people(page.object_list)
    columns = [
        Column(_("Sequence"), lambda e: f"#{e.seq}"),
        Column(_("Time"), lambda e: local_text(e.ts, WITH_SECONDS)),
        Column(_("Actor"), lambda e: people.get(e.actor_user_id) or names.actor_name(e.actor)),
        Column(_("Action"), _action),
        Column(_("Target"), lambda e: _target(e, people)),
    ]
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    context = {
        "page_title": _("Audit trail"),
        "form": form,
        "columns": [c.label for c in columns],
        "rows": rows_for(page.object_list, columns, _event_url),
        "page": page,
        "query_prefix": f"{query}&" if query else "",
        "can_verify": request.user.has_perm(VERIFY),
        "can_view_checkpoints": request.user.has_perm(VIEW_CHECKPOINTS),
    }
    return render(request, "audit/event_list.html", context)


@allowed(VIEW)
def event_detail(request, seq: int):
    event = selectors.event_get(seq=seq)
    if event is None:
        raise Http404(_("No such audit event."))
    previous_seq, next_seq = selectors.event_neighbours(event=event)
    body, digest = selectors.event_canonical_body(event=event)
    covering = selectors.checkpoint_covering(event=event)
    fields = [
        (_("Sequence"), f"#{event.seq}"),
        (_("Time"), local_text(event.ts, WITH_SECONDS)),
        (_("Time (UTC, as hashed)"), chain.canonical_ts(event.ts)),
        (_("Actor"), _people([event]).get(event.actor_user_id) or names.actor_name(event.actor)),
        (_("Account"), event.actor),
        (_("Actor user ID"), event.actor_user_id),
        (_("Action"), _action(event)),
        (_("Action code"), event.action),
        (_("Target type"), event.target_type),
        (_("Target ID"), event.target_id),
        (_("Target"), event.target_label),
        (_("Previous hash"), event.prev_hash),
        (_("Hash"), event.hash),
        (_("Body digest"), digest),
    ]
    context = {
        "page_title": _("Audit event #%(seq)s") % {"seq": event.seq},
        "fields": fields,
        "actions": [],
        "sections": [],
        "event": event,
        "data_pretty": selectors.event_data_pretty(event=event),
        "canonical_body": body,
        "previous_seq": previous_seq,
        "next_seq": next_seq,
        "checkpoint": covering,
        "latest_checkpoint": selectors.checkpoint_latest(),
    }
    return render(request, "audit/event_detail.html", context)


@require_POST
@allowed(VERIFY)
def verify(request):
    result, seconds, problems = audit_verify(actor=request.user)
    context = {"page_title": _("Audit trail verification"), "result": result,
               "seconds": seconds, "problems": problems}
    return render(request, "audit/verify_result.html", context, status=200)


@allowed(VIEW_CHECKPOINTS)
def checkpoint_list(request):
    page = Paginator(selectors.checkpoint_search(), 50).get_page(request.GET.get("page"))
    context = {
        "page_title": _("Audit checkpoints"),
        "page": page,
        "query_prefix": "",
        "can_verify": request.user.has_perm(VERIFY),
    }
    return render(request, "audit/checkpoint_list.html", context)


@allowed(VIEW_CHECKPOINTS)
def checkpoint_download(request, pk: int):
    checkpoint = selectors.checkpoint_get(pk=pk)
    if checkpoint is None:
        raise Http404(_("No such checkpoint."))
    response = HttpResponse(checkpoints.export(checkpoint),
                            content_type="application/json; charset=utf-8")
    name = checkpoints.file_name(checkpoint)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allowed(VIEW_CHECKPOINTS)
def checkpoint_download_all(request):
    """Every checkpoint (or those from number `since` on) as one zip: the auditor's
    own copy off the machine, for `watchroom audit verify --checkpoint FOLDER`."""
    try:
        since = max(int(request.GET.get("since") or 1), 1)
    except ValueError:
        since = 1
    archive = selectors.checkpoint_archive(since=since)
    name = f"watchroom-audit-checkpoints-from-{since}.zip"
    return FileResponse(archive, as_attachment=True, filename=name,
                        content_type="application/zip")
