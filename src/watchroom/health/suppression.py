"""What an approved block or change excuses (R-EQUIP-5, R-EQUIP-4): the probe asks before
it raises an alert or opens a fault for a failed image check.

- `covered` and `black` inside an approved block's window: a cloth or a board over the
  lens reads as covered, and an opaque cover over the whole lens (a lens cap, black
  tape, a bag) gives a black picture with only the sensor's noise, which the picture
  alone cannot tell from a lost signal. Inside an approved block both are what was
  approved; a lost signal is still found by the `unreachable` and `stream` checks,
  which nothing excuses.
- `moved` while an approved change is open (inside its planned window, or done and
  awaiting its new reference picture).

A covered picture without an approved block, and a changed scene without an approved
change, are excused by nothing: the probe alerts at once."""

import datetime as dt

from django.utils.translation import gettext as _

from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.health.selectors.blocks import active_block
from watchroom.health.selectors.changes import open_change

BLOCKED = ("covered", "black")
CHANGED = ("moved",)


def suppressed(camera, cause: str, at: dt.datetime) -> str | None:
    """Why `cause` on `camera` (a Camera or its pk) at `at` opens no alert or fault, or
    None when nothing excuses it."""
    if cause in BLOCKED and (block := active_block(camera, at)):
        return _("Approved block #%(pk)s (R-EQUIP-5) applied for by %(department)s until "
                 "%(until)s: %(reason)s") % {
                     "pk": block.pk, "department": block.department.name,
                     "until": local_text(block.ends_at, "%Y-%m-%d %H:%M"),
                     "reason": block.reason}
    if cause in CHANGED and (change := open_change(camera, at)):
        return _("Approved change #%(pk)s (R-EQUIP-4, %(kind)s) requested by %(person)s: "
                 "%(description)s") % {
                     "pk": change.pk, "kind": change.get_kind_display(),
                     "person": person_name(change.requested_by),
                     "description": change.description}
    return None
