"""Who hears about blocks and changes (R-EQUIP-4, R-EQUIP-5); the notifications app writes
the messages (templates/notifications/messages/health_*.txt) and sends them."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.notifications.services import notify


def _holders(codename: str, but=None):
    users = get_user_model().objects.filter(
        Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename),
        is_active=True).distinct()
    return users.exclude(pk=but.pk) if but is not None and but.pk else users


def block_awaiting(block, actor) -> None:
    """The room heads hear of an application to block a camera."""
    notify(_holders("approve_block", actor), kind="health_block_awaiting", actor=actor,
           link=block.get_absolute_url(), context={
               "camera": str(block.camera), "department": block.department.name,
               "start": local_text(block.starts_at), "end": local_text(block.ends_at),
               "reason": block.reason[:200]})


def block_outcome(block, actor) -> None:
    """The applicant hears the room head's decision."""
    notify([block.applied_by], kind="health_block_outcome", actor=actor,
           link=block.get_absolute_url(), context={
               "camera": str(block.camera), "status": block.get_status_display(),
               "by": person_name(actor), "note": block.decision_note})


def change_awaiting(change, actor) -> None:
    notify(_holders("approve_change", actor), kind="health_change_awaiting", actor=actor,
           link=change.get_absolute_url(), context={
               "camera": str(change.camera), "kind": change.get_kind_display(),
               "description": change.description[:200], "by": person_name(actor)})


def reference_awaiting(change, actor) -> None:
    """After a change is done, the room heads approve the new reference picture."""
    notify(_holders("approve_reference", actor), kind="health_reference_awaiting",
           actor=actor, link=reverse("health:reference_camera", args=[change.camera_id]),
           context={"camera": str(change.camera), "number": change.pk,
                    "note": change.done_note[:200]})
