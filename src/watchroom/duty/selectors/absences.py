"""Leaving the post and swaps (R-DUTY-3): who decides, who counts as on site."""

from watchroom.duty.selectors import attendance

APPROVE = "duty.approve_postabsence"


def on_site(person, room) -> bool:
    """Clocked on at the room's site now."""
    record = attendance.open_attendance(person)
    return record is not None and record.room.site_id == room.site_id
