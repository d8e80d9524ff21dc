"""Replacement pages (R-EQUIP-6): ageing equipment, the plans, one plan with its
agreements, approval and the items' progress."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.care.forms.end_of_day import (
    ReplacementAgreeForm,
    ReplacementApproveForm,
    ReplacementDraftForm,
    ReplacementItemDoneForm,
)
from watchroom.care.models import AgreementPart, ReplacementItem
from watchroom.care.selectors import replacement as selectors
from watchroom.care.services import replacement as services
from watchroom.core.decorators import allowed
from watchroom.core.refusals import flash_refusal, form_refusal
from watchroom.core.roles import role_label
from watchroom.rules import RuleViolation


def _years(request) -> float:
    try:
        return max(0.0, float(request.GET.get("years", "5")))
    except ValueError:
        return 5.0


@allowed(selectors.VIEW)
def replacement_list(request):
    years = _years(request)
    return render(request, "care/replacement_list.html", {
        "page_title": _("Replacement"), "plans": selectors.plan_list(),
        "ageing": selectors.ageing_equipment(min_years=years, min_faults=3), "years": years,
        "may_draft": request.user.has_perm(selectors.DRAFT)})


@allowed(selectors.DRAFT)
def replacement_draft(request):
    initial = {"codes": request.GET.get("codes", "")}
    form = ReplacementDraftForm(request.POST if request.method == "POST" else None,
                                initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.replacement_draft(
                actor=request.user, site=data["site"], title=data["title"],
                reason=data["reason"], planned_date=data["planned_date"],
                budget_note=data["budget_note"], equipment=data["codes"])
        except RuleViolation as exc:
            form_refusal(form, exc)
        else:
            messages.success(request, _("The replacement plan was drafted."))
            return redirect(plan)
    return render(request, "form.html", {"form": form, "page_title": _("New replacement plan"),
                                         "cancel_url": reverse("care:replacement_list")})


def _detail(request, plan, *, agree_form=None, approve_form=None, status=200):
    user = request.user
    parts = [(p, label) for p, label in AgreementPart.choices
             if selectors.replacement_agree_refusal(user, plan, p) is None]
    items = []
    for item in plan.items.all().select_related("replaced_by"):
        refusal = selectors.replacement_item_done_refusal(user, item)
        items.append({"item": item, "form": ReplacementItemDoneForm(
            prefix=f"item{item.pk}") if refusal is None else None})
    approve_refusal = selectors.replacement_approve_refusal(user, plan)
    return render(request, "care/replacement_detail.html", {
        "page_title": plan.title, "plan": plan, "items": items,
        "agreements": plan.agreements.select_related("signed_by", "department"),
        "agree_form": agree_form or (ReplacementAgreeForm(parts=parts) if parts else None),
        "approve_form": approve_form or (ReplacementApproveForm()
                                         if approve_refusal is None else None),
        "approve_refusal": approve_refusal if plan.status == "draft" else None,
        "approver": role_label(selectors.approver_role(plan)),
    }, status=status)


@allowed(selectors.VIEW)
def replacement_detail(request, pk: int):
    plan = get_object_or_404(selectors.plan_list().select_related("site__policy"), pk=pk)
    return _detail(request, plan)


@require_POST
@allowed(selectors.VIEW)
def replacement_agree(request, pk: int):
    plan = get_object_or_404(selectors.plan_list(), pk=pk)
    form = ReplacementAgreeForm(request.POST, parts=AgreementPart.choices)
    if form.is_valid():
        try:
            services.replacement_agree(actor=request.user, plan=plan,
                                       part=form.cleaned_data["part"],
                                       note=form.cleaned_data["note"],
                                       password=form.cleaned_data["password"])
        except RuleViolation as exc:
            form_refusal(form, exc, "password")
        else:
            messages.success(request, _("The agreement was signed."))
            return redirect(plan)
    return _detail(request, plan, agree_form=form, status=400)


@require_POST
@allowed(selectors.VIEW)
def replacement_approve(request, pk: int):
    plan = get_object_or_404(selectors.plan_list(), pk=pk)
    form = ReplacementApproveForm(request.POST)
    if form.is_valid():
        try:
            services.replacement_approve(actor=request.user, plan=plan,
                                         password=form.cleaned_data["password"])
        except RuleViolation as exc:
            form_refusal(form, exc, "password")
        else:
            messages.success(request, _("The plan was approved."))
            return redirect(plan)
    return _detail(request, plan, approve_form=form, status=400)


@require_POST
@allowed(selectors.TRACK)
def replacement_item_done(request, pk: int):
    item = get_object_or_404(ReplacementItem.objects.select_related("plan"), pk=pk)
    form = ReplacementItemDoneForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            services.replacement_item_done(actor=request.user, item=item,
                                           new_code=form.cleaned_data["new_code"])
        except RuleViolation as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, _("%(code)s was recorded replaced.") % {
                "code": item.equipment_code})
    return redirect(item.plan)
