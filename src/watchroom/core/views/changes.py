"""Pages of the two-person changes (R-SEC-1): administrators propose, leaders confirm
with their authenticator code or reject with a reason."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from watchroom.core import selectors
from watchroom.core.choices import ChangeStatus, Role
from watchroom.core.decorators import allowed
from watchroom.core.listing import Column, Filter, render_detail, render_list
from watchroom.core.models import Area, PolicyProfile
from watchroom.core.people import person_name
from watchroom.core.roles import GUARDED_ROLES, role_label
from watchroom.core.services import changes
from watchroom.core.times import local_text
from watchroom.rules import RuleViolation

VIEW = "core.view_pendingchange"


def describe(change) -> str:
    """What the change does, in words."""
    if change.staff_id:
        verb = _("grant") if change.kind == "grant_role" else _("remove")
        return _("%(verb)s %(role)s: %(name)s") % {
            "verb": verb, "role": role_label(change.role), "name": change.staff.full_name}
    if change.area_id:
        return _("%(area)s no longer privacy-sensitive") % {"area": change.area.name}
    figures = "; ".join(
        f"{PolicyProfile._meta.get_field(name).verbose_name}: "
        f"{getattr(change.profile, name)} → {value}" for name, value in change.values.items())
    return f"{change.profile.name}: {figures}"


@allowed(VIEW)
def change_list(request):
    return render_list(
        request, title=_("Changes awaiting a leader"), queryset=selectors.pending_changes(),
        columns=[Column(_("Proposed"), lambda c: local_text(c.proposed_at)),
                 Column(_("Change"), lambda c: c.get_kind_display()),
                 Column(_("What"), describe),
                 Column(_("Proposed by"), lambda c: person_name(c.proposed_by)),
                 Column(_("Status"), lambda c: c.get_status_display())],
        search_fields=["reason", "staff__full_name", "area__name", "profile__name"],
        filters=[Filter("status", _("Any status"), ChangeStatus.choices, "status")],
    )


@allowed(VIEW)
def change_detail(request, pk, violation=None):
    change = get_object_or_404(selectors.pending_changes(), pk=pk)
    response = render_detail(
        request, title=f"{change.get_kind_display()} #{change.pk}",
        template="core/change_detail.html",
        fields=[(_("Change"), change.get_kind_display()), (_("What"), describe(change)),
                (_("Reason"), change.reason),
                (_("Proposed by"), person_name(change.proposed_by)),
                (_("Proposed"), local_text(change.proposed_at)),
                (_("Status"), change.get_status_display()),
                (_("Decided by"), person_name(change.decided_by)),
                (_("Decided"), local_text(change.decided_at)), (_("Comment"), change.comment)],
        extra={"change": change, "can_decide": changes.can_decide(request.user, change),
               "violation": violation},
    )
    if violation is not None:
        response.status_code = violation.status
    return response


def _decide(request, pk, decide):
    if request.method != "POST":
        return redirect("core:change_detail", pk=pk)
    change = get_object_or_404(selectors.pending_changes(), pk=pk)
    try:
        decide(change)
    except RuleViolation as exc:
        return change_detail(request, pk, violation=exc)
    return redirect(change)


@allowed(VIEW)
def change_confirm(request, pk):
    def decide(change):
        changes.change_confirm(actor=request.user, change=change, code=request.POST.get("code", ""),
                        comment=request.POST.get("comment", ""))
        messages.success(request, _("Confirmed and applied."))

    return _decide(request, pk, decide)


@allowed(VIEW)
def change_reject(request, pk):
    def decide(change):
        changes.change_reject(actor=request.user, change=change,
                       comment=request.POST.get("comment", ""))
        messages.success(request, _("Rejected; nothing changed."))

    return _decide(request, pk, decide)


class ProposeRoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[
        (r, label) for r, label in Role.choices if r in GUARDED_ROLES])
    grant = forms.TypedChoiceField(
        label=gettext_lazy("Change"), coerce=lambda v: v == "1",
        choices=[("1", gettext_lazy("Grant")), ("0", gettext_lazy("Remove"))])
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


def _propose(request, *, form, title, cancel_url, propose):
    violation = None
    if request.method == "POST" and form.is_valid():
        try:
            change = propose(form.cleaned_data)
        except RuleViolation as exc:
            violation = exc
        else:
            messages.success(request, _("Proposed; a leader confirms it with their "
                                        "authenticator code."))
            return redirect(change)
    return render(request, "form.html", {"form": form, "page_title": title,
                                         "cancel_url": cancel_url, "violation": violation},
                  status=violation.status if violation else 200)


@allowed(VIEW)
def staff_propose(request, pk):
    person = get_object_or_404(selectors.staff(), pk=pk)
    return _propose(
        request, form=ProposeRoleForm(request.POST or None),
        title=_("Propose a role change for %(name)s") % {"name": person.full_name},
        cancel_url=person.get_absolute_url(),
        propose=lambda data: changes.change_propose_role(
            actor=request.user, staff=person, role=data["role"], grant=data["grant"],
            reason=data["reason"]))


@allowed(VIEW)
def area_propose(request, pk):
    area = get_object_or_404(Area, pk=pk)
    return _propose(
        request, form=ReasonForm(request.POST or None),
        title=_("Propose removing the privacy protection of %(area)s") % {"area": area.name},
        cancel_url=area.get_absolute_url(),
        propose=lambda data: changes.change_propose_area_not_sensitive(
            actor=request.user, area=area, reason=data["reason"]))


def staff_actions(user, person) -> list[dict]:
    if not changes.is_administrator(user):
        return []
    return [{"url": reverse("core:staff_propose", args=[person.pk]),
             "label": _("Propose a role change")}]


def area_actions(user, area) -> list[dict]:
    if not (changes.is_administrator(user) and area.privacy_sensitive):
        return []
    return [{"url": reverse("core:area_propose", args=[area.pk]),
             "label": _("Propose removing privacy protection")}]

