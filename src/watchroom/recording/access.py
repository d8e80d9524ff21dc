"""Who may watch which recordings without a footage request: a user with the
playback-check permission may watch the last N minutes of a camera (R-DUTY-5, N from
the policy profile). Watching under an approved footage request (R-FOOT-1 … R-FOOT-3)
is granted by the footage app (`footage.selectors.request_playback_grant`), which
returns the same `Grant`; recording never imports footage.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.selectors import in_knowledge_scope, scoped_areas
from watchroom.rules import RuleViolation

PLAYBACK_CHECK = "recording.playback_check"


# --- R-FOOT-6: who may see a camera at all ------------------------------------------------
# The knowledge scope's one definition is core.selectors.in_knowledge_scope (re-exported
# here for the callers that ask recording).

__all__ = ["Grant", "authorize", "camera_scope_refusal", "in_knowledge_scope",
           "playback_grant", "visible_cameras"]


def camera_scope_refusal(user, camera) -> RuleViolation | None:
    """R-FOOT-6: None when `user` may see `camera` live or in the playback check."""
    if in_knowledge_scope(user, camera.area):
        return None
    return RuleViolation("R-FOOT-6", _(
        "%(camera)s watches a privacy-sensitive area; only the people of its knowledge "
        "scope may see it.") % {"camera": camera.code}, status=403)


def visible_cameras(user, cameras=None):
    """The cameras (a queryset) `user` may see without a footage request: every camera
    outside privacy-sensitive areas, and those inside the areas whose knowledge scope
    names the user."""
    from watchroom.devices.models import Camera

    cameras = Camera.objects.all() if cameras is None else cameras
    return cameras.filter(area__in=scoped_areas(user))


@dataclass(frozen=True)
class Grant:
    camera_id: int
    start: dt.datetime
    end: dt.datetime
    basis: str


def playback_grant(user, camera, now: dt.datetime | None = None) -> Grant:
    now = now or timezone.now()
    refusal = camera_scope_refusal(user, camera)
    if refusal is not None:
        raise refusal
    if not user.has_perm(PLAYBACK_CHECK):
        raise RuleViolation("R-FOOT-1", _(
            "Watching recordings needs an approved footage request; you may not play back "
            "this camera."), status=403)
    minutes = camera.area.site.policy.playback_check_minutes
    return Grant(camera.pk, now - dt.timedelta(minutes=minutes), now, "playback_check")


def authorize(user, camera, start: dt.datetime, end: dt.datetime,
              now: dt.datetime | None = None) -> Grant:
    """The grant covering [start, end) of `camera` for `user` under the playback check,
    or RuleViolation."""
    grant = playback_grant(user, camera, now)
    if start < grant.start or end > grant.end or end <= start:
        raise RuleViolation("R-FOOT-1", _(
            "The playback check covers only the last %(minutes)s minutes; footage outside "
            "them needs an approved request.") % {
                "minutes": camera.area.site.policy.playback_check_minutes}, status=403)
    return grant
