"""The wall's layouts: which cameras the tiles show, page by page."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import MonitoringRoom
from watchroom.live.choices import GridSize


class WallLayout(models.Model):
    """A wall's arrangement: the grid, the cameras on its tiles page by page (a page is
    one screenful; with `cycle_seconds` the wall moves to the next page every so many
    seconds), for one person or for a room (set by the room head). A person without a
    layout of their own sees their room's. Cameras a viewer may not see (R-FOOT-6) are
    left out when the layout is shown, whoever saved it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("person"))
    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("monitoring room"))
    grid = models.PositiveSmallIntegerField(_("grid"), choices=GridSize.choices,
                                            default=GridSize.FOUR)
    pages = models.JSONField(_("pages"), default=list,
                             help_text=_("each page: one camera id (or none) per tile"))
    cycle_seconds = models.PositiveIntegerField(_("cycle every (seconds)"), default=0,
                                                help_text=_("0: stay on the first page"))
    changed_at = models.DateTimeField(_("last changed"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))

    class Meta:
        verbose_name = _("wall layout")
        verbose_name_plural = _("wall layouts")
        permissions = [("watch_wall", _("Can watch the video wall")),
                       ("set_room_walllayout", _("Can set a room's wall layout"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) ^ Q(room__isnull=True),
                name="walllayout_person_or_room",
                violation_error_message=_("A layout is a person's or a room's.")),
            models.UniqueConstraint(fields=["person"], condition=Q(person__isnull=False),
                                    name="walllayout_one_per_person"),
            models.UniqueConstraint(fields=["room"], condition=Q(room__isnull=False),
                                    name="walllayout_one_per_room"),
        ]

    def __str__(self):
        return str(self.room or self.person)
