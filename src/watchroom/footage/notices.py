"""Who hears about a footage request and its exports (R-FOOT-2); the notifications
app writes the messages (templates/notifications/messages/footage_*.txt) and sends
them by every channel."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from watchroom.notifications.services import notify


def approvers(request) -> None:
    """The holders of the next step's role, except whoever entered the request."""
    role = request.next_role
    if role is None:
        return
    users = get_user_model().objects.filter(groups__name=role, is_active=True).exclude(
        pk=request.entered_by_id)
    notify(users, kind="footage_request_awaiting", link=request.get_absolute_url(), context={
        "number": request.number, "requester": request.requester_name,
        "unit": request.requester_unit, "purpose": request.purpose[:120]})


def outcome(request) -> None:
    """Whoever entered the request hears how it ended."""
    notify([request.entered_by], kind="footage_request_outcome",
           link=request.get_absolute_url(), context={
               "number": request.number, "status": request.get_status_display(),
               "requester": request.requester_name})


def export_failed(export) -> None:
    notify([export.created_by], kind="footage_export_failed",
           link=reverse("footage:export_detail", args=[export.request_id, export.pk]),
           context={"name": str(export), "error": export.error})
