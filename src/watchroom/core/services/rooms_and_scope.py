"""Who is inside a privacy-sensitive area's knowledge scope (R-FOOT-6), and whether a
monitoring room's wall sounds its critical alerts; each change with its audit event."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.models import Area, MonitoringRoom
from watchroom.core.people import person_name
from watchroom.core.selectors import knowledge_scope_change_refusal, wall_sound_set_refusal
from watchroom.rules import RuleViolation
from watchroom.service import service


def _refuse(refusal: RuleViolation | None) -> None:
    if refusal is not None:
        raise refusal


@service
def knowledge_scope_add(*, actor, area: Area, person) -> Area:
    """R-FOOT-6: `person` may from now on watch `area`'s cameras."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    _refuse(knowledge_scope_change_refusal(actor, area))
    if not person.is_active:
        raise RuleViolation("R-FOOT-6", _(
            "%(person)s's account is deactivated and cannot be added to a knowledge "
            "scope.") % {"person": person_name(person)}, status=400)
    if area.knowledge_scope.filter(pk=person.pk).exists():
        raise RuleViolation("R-FOOT-6", _(
            "%(person)s is already in the knowledge scope of %(area)s.") % {
                "person": person_name(person), "area": area.name}, status=409)
    area.knowledge_scope.add(person)
    audit_record(actor=actor, action="area.scope_added", target=area, data={
        "person": person.get_username(), "name": person_name(person)})
    return area


@service
def knowledge_scope_remove(*, actor, area: Area, person) -> Area:
    """R-FOOT-6: `person` may no longer watch `area`'s cameras without approval."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    _refuse(knowledge_scope_change_refusal(actor, area))
    if not area.knowledge_scope.filter(pk=person.pk).exists():
        raise RuleViolation("R-FOOT-6", _(
            "%(person)s is not in the knowledge scope of %(area)s.") % {
                "person": person_name(person), "area": area.name}, status=409)
    area.knowledge_scope.remove(person)
    audit_record(actor=actor, action="area.scope_removed", target=area, data={
        "person": person.get_username(), "name": person_name(person)})
    return area


@service
def room_wall_sound_set(*, actor, room: MonitoringRoom, on: bool) -> MonitoringRoom:
    """The room head turns the tone the wall plays for a new critical alert off or on."""
    room = MonitoringRoom.objects.select_for_update().get(pk=room.pk)
    _refuse(wall_sound_set_refusal(actor, room))
    if room.wall_sound == bool(on):
        return room
    room.wall_sound = bool(on)
    room.save(update_fields=["wall_sound"])
    audit_record(actor=actor, action="room.wall_sound_set", target=room,
                 data={"wall_sound": room.wall_sound})
    return room


def scope_candidates(area: Area):
    """Active people not yet in `area`'s knowledge scope, by name."""
    return (get_user_model().objects.filter(is_active=True, staff__isnull=False)
            .exclude(scoped_areas=area).select_related("staff")
            .order_by("staff__full_name"))
