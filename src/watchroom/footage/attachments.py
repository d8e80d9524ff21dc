"""The documents of a request (official letter, ID copies, written application): who may
open them, and each opening audited (R-FOOT-2: the approvers decide on what they read)."""

from pathlib import Path

from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.footage import services
from watchroom.footage.models import Attachment, FootageRequest
from watchroom.rules import RuleViolation
from watchroom.service import service

INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def may_open_attachments(user, request: FootageRequest) -> bool:
    """The person who filed the request, and the approvers of its chain: whoever holds one
    of its roles with the right to approve, or has signed it."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.pk == request.entered_by_id:
        return True
    if request.approvals.filter(approver=user).exists():
        return True
    return user.has_perm(services.APPROVE) and user.groups.filter(
        name__in=request.chain).exists()


@service
def open_attachment(*, actor, attachment: Attachment) -> Path:
    """The stored document's path; the opening is audited."""
    request = attachment.request
    if not may_open_attachments(actor, request):
        raise RuleViolation("R-FOOT-2", _(
            "Only the approvers of request %(number)s and the person who filed it may open "
            "its documents.") % {"number": request.number}, status=403)
    audit_record(actor=actor, action="footage.attachment_opened", target=attachment, data={
        "number": request.number, "kind": attachment.kind, "name": attachment.name,
        "sha256": attachment.sha256})
    return services.attachments_dir() / attachment.path
