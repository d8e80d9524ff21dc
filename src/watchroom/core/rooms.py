"""Which monitoring room a person's screen stands for, where a page must know (the wall's
alert sound)."""

from watchroom.core.models import MonitoringRoom


def room_of(user, room_id=None) -> MonitoringRoom | None:
    """The room named by `room_id` when there is one, else the first active room the
    person works in, else None."""
    if room_id and str(room_id).isdigit():
        room = MonitoringRoom.objects.filter(pk=int(room_id)).first()
        if room is not None:
            return room
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    if staff is None:
        return None
    return staff.rooms.filter(active=True).order_by("code").first()


def wall_sound_for(user, room_id=None) -> bool:
    """Whether the wall sounds a new critical alert for this person: their room's
    setting (on where no room is known)."""
    room = room_of(user, room_id)
    return True if room is None else room.wall_sound
