"""Retrieval inside the approved scope (R-FOOT-3), and opening a request's documents
(R-FOOT-2): each one checked and audited."""

from pathlib import Path

from django.utils import timezone

from watchroom.audit.services import audit_record
from watchroom.core.times import utc_iso
from watchroom.footage.choices import Need
from watchroom.footage.models import Attachment, FootageRequest, Retrieval
from watchroom.footage.selectors import (
    attachment_open_refusal,
    attachments_dir,
    request_retrieve_refusal,
)
from watchroom.service import service


def refuse_retrieval(*, actor, request: FootageRequest, ranges, need: str, now=None) -> None:
    """Raise the R-FOOT-3 refusal of retrieving `ranges` of `request`, if there is one."""
    refusal = request_retrieve_refusal(actor, request, need=need, ranges=ranges, now=now)
    if refusal is not None:
        raise refusal


@service
def retrieval_view(*, actor, request: FootageRequest, camera, start, end,
                   now=None) -> Retrieval:
    """A viewing of one approved range, entered in the retrieval register."""
    now = now or timezone.now()
    refuse_retrieval(actor=actor, request=request, ranges=[(camera, start, end)],
                     need=Need.VIEW, now=now)
    retrieval = Retrieval.objects.create(request=request, operator=actor, kind=Need.VIEW,
                                         camera=camera, start=start, end=end, at=now)
    audit_record(actor=actor, action="footage.viewed", target=request, data={
        "number": request.number, "camera": camera.code, "start": utc_iso(start),
        "end": utc_iso(end)})
    return retrieval


@service
def attachment_open(*, actor, attachment: Attachment) -> Path:
    """The stored document's path; the opening is audited."""
    request = attachment.request
    if (refusal := attachment_open_refusal(actor, request)) is not None:
        raise refusal
    audit_record(actor=actor, action="footage.attachment_opened", target=attachment, data={
        "number": request.number, "kind": attachment.kind, "name": attachment.name,
        "sha256": attachment.sha256})
    return attachments_dir() / attachment.path
