"""The hand-over that completes the register entry (R-FOOT-4)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.footage.choices import ExportState, Status
from watchroom.footage.models import Export, FootageRequest, Handover
from watchroom.footage.selectors import request_handover_refusal
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def handover_create(*, actor, request: FootageRequest, recipient_name: str,
                    recipient_unit: str, recipient_id_number: str, items: str,
                    export: Export | None = None, now=None) -> Handover:
    """R-FOOT-4: the register entry is complete when the recipient is recorded."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if (refusal := request_handover_refusal(actor, request, now)) is not None:
        raise refusal
    problems = [label for value, label in (
        (recipient_name, _("the recipient's name")), (recipient_unit, _("the recipient's unit")),
        (recipient_id_number, _("the recipient's ID number")),
        (items, _("what was handed over"))) if not str(value or "").strip()]
    if problems:
        raise RuleViolation("R-FOOT-4", _("Missing: %(what)s.") % {
            "what": _(", ").join(str(p) for p in problems)}, status=400)
    if export is not None and (export.request_id != request.pk
                               or export.state != ExportState.DONE):
        raise RuleViolation("R-FOOT-4", _("That package does not belong to this request or "
                                          "is not finished."), status=400)
    handover = Handover.objects.create(
        request=request, export=export, recipient_name=recipient_name.strip(),
        recipient_unit=recipient_unit.strip(), recipient_id_number=recipient_id_number.strip(),
        items=items.strip(), handed_by=actor, handed_at=now)
    request.status = Status.COMPLETED
    request.save(update_fields=["status"])
    audit_record(actor=actor, action="footage.handed_over", target=request, data={
        "number": request.number, "recipient": handover.recipient_name,
        "unit": handover.recipient_unit, "id_number": handover.recipient_id_number,
        "items": handover.items, "export": export.pk if export else None,
        "package_sha256": export.sha256 if export else ""})
    return handover
