"""The room's handover items (keys, passes, radios): the room head keeps the list."""

from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.duty.models import InventoryItem
from watchroom.duty.selectors.inventory import EDIT
from watchroom.rules import RuleViolation
from watchroom.service import service


@service
def inventory_item_set(*, actor, room, name: str, quantity: int | None, active: bool = True):
    """Add an item, change its quantity, or take it out of use (never deleted)."""
    if not actor.has_perm(EDIT):
        raise RuleViolation("R-HAND-2", _("Only the room head keeps the handover items."),
                            status=403)
    name = (name or "").strip()[:100]
    if not name:
        raise RuleViolation("R-HAND-2", _("Name the item."), status=400)
    if active and (quantity is None or quantity < 1):
        raise RuleViolation("R-HAND-2", _("Give a quantity of at least 1."), status=400)
    item, created = InventoryItem.objects.select_for_update().get_or_create(
        room=room, name=name, defaults={"quantity": quantity or 1, "active": active})
    before = {"quantity": item.quantity, "active": item.active}
    if not created:
        item.quantity = quantity if quantity else item.quantity
        item.active = active
        item.save(update_fields=["quantity", "active"])
    audit_record(actor=actor, action="duty.inventory_set", target=item, data={
        "room": room.code, "name": name, "before": None if created else before,
        "quantity": item.quantity, "active": item.active})
    return item
