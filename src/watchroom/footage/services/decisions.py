"""The approval chain: one signature per step, in order, by the step's role, with the
approver's authenticator code (R-FOOT-2, R-FOOT-3 separation of duties, R-FOOT-6)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.footage import notices
from watchroom.footage.choices import ApprovalDecision, Status
from watchroom.footage.models import Approval, FootageRequest
from watchroom.footage.selectors import current_scope, request_decide_refusal
from watchroom.rules import RuleViolation
from watchroom.service import service
from watchroom.twofactor.services import check_code


@service
def request_decide(*, actor, request: FootageRequest, decision: str, code: str,
                   comment: str = "", scope_version: int | None = None,
                   step: int | None = None, now=None) -> Approval:
    """One signature of the chain, in order, by the step's role, with the approver's
    authenticator code. `scope_version` and `step` are what the approver saw: a decision
    on anything else is refused (a stale or replayed approval)."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if decision not in ApprovalDecision.values:
        raise RuleViolation("R-FOOT-2", _("Approve or reject."), status=400)
    refusal = request_decide_refusal(actor, request, scope_version=scope_version, step=step)
    if refusal is not None:
        raise refusal
    role = request.chain[request.step]
    if decision == ApprovalDecision.REJECTED and not comment.strip():
        raise RuleViolation("R-FOOT-2", _("Say why the request is rejected."), status=400)
    check_code(user=actor, code=code, rule="R-FOOT-2")
    approval = Approval.objects.create(
        request=request, scope_version=request.scope_version, step=request.step, role=role,
        approver=actor, decision=decision, comment=comment.strip(), decided_at=now,
        second_factor=True)
    if decision == ApprovalDecision.REJECTED:
        request.status = Status.REJECTED
    else:
        request.step += 1
        if request.step >= len(request.chain):
            request.status = Status.APPROVED
            request.approved_at = now
            request.valid_until = now + dt.timedelta(
                hours=current_scope(request)[0].camera.area.site.policy.approval_valid_hours)
    request.save(update_fields=["status", "step", "approved_at", "valid_until"])
    audit_record(actor=actor, action=f"footage.request_{decision}", target=request, data={
        "number": request.number, "step": approval.step, "role": role,
        "version": request.scope_version, "comment": approval.comment})
    if request.status == Status.PENDING:
        notices.approvers(request)
    else:
        notices.outcome(request)
    return approval
