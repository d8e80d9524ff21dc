"""Who may watch which recordings: the one access-policy function.

A user with the playback-check permission may watch the last N minutes of a camera
(R-DUTY-5, N from the policy profile); an approved footage request opens what it
names to those who carry it out (R-FOOT-1 … R-FOOT-3). Nothing else opens footage.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.rules import RuleViolation

PLAYBACK_CHECK = "recording.playback_check"


@dataclass(frozen=True)
class Grant:
    camera_id: int
    start: dt.datetime
    end: dt.datetime
    basis: str


def playback_grant(user, camera, now: dt.datetime | None = None) -> Grant:
    now = now or timezone.now()
    if not user.has_perm(PLAYBACK_CHECK):
        raise RuleViolation("R-FOOT-1", _(
            "Watching recordings needs an approved footage request; you may not play back "
            "this camera."), status=403)
    minutes = camera.area.site.policy.playback_check_minutes
    return Grant(camera.pk, now - dt.timedelta(minutes=minutes), now, "playback_check")


def authorize(user, camera, start: dt.datetime, end: dt.datetime,
              now: dt.datetime | None = None, request=None) -> Grant:
    """The grant covering [start, end) of `camera` for `user`, or RuleViolation: under an
    approved footage request (R-FOOT-3) when one is named, else the playback check."""
    if request is not None:
        from watchroom.footage.services import check_execution

        check_execution(user=user, request=request, ranges=[(camera, start, end)],
                        need="view", now=now)
        return Grant(camera.pk, start, end, f"request:{request.number}")
    grant = playback_grant(user, camera, now)
    if start < grant.start or end > grant.end or end <= start:
        raise RuleViolation("R-FOOT-1", _(
            "The playback check covers only the last %(minutes)s minutes; footage outside "
            "them needs an approved request.") % {
                "minutes": camera.area.site.policy.playback_check_minutes}, status=403)
    return grant
