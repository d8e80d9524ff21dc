"""The one access policy for recorded footage: which ranges of which cameras a person
may watch, and on what basis (`entitlement`).

Grants come from providers, one per kind of basis, registered by name:
- `playback_check` (here): a user with the playback-check permission may watch the last N
  minutes of a camera (R-DUTY-5, N from the policy profile), and only cameras inside
  their knowledge scope (R-FOOT-6);
- `request` (the footage app registers it in its AppConfig.ready(); recording never
  imports footage): an approved footage request's cameras and times (R-FOOT-1 … R-FOOT-3),
  whose own approval chain covers privacy-sensitive areas;
- `hold` (a slot for an incident's hold, registered by the app that owns incidents).

A basis is written `<kind>` or `<kind>:<reference>` (`request:FR-2026-0007`). Every page,
playlist and segment of playback asks `entitlement` (or `entitled_part`, which refuses).
"""

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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
    """[start, end) of one camera, watchable on `basis`. `label` names the basis for
    people; `copy_url` leads to the existing export flow when the basis allows copying
    (R-FOOT-5), else it is empty."""

    camera_id: int
    start: dt.datetime
    end: dt.datetime
    basis: str
    label: str = field(default="", compare=False)
    copy_url: str = field(default="", compare=False)


PLAYBACK_CHECK_BASIS = "playback_check"
REQUEST_KIND = "request"
HOLD_KIND = "hold"

# provider(user, camera, *, reference, now) -> grants. With a reference, a provider that
# refuses raises the RuleViolation that says why; without one it returns what it grants.
GrantProvider = Callable[..., Iterable[Grant]]
_providers: dict[str, GrantProvider] = {}


def register_grant_provider(kind: str, provider: GrantProvider) -> None:
    _providers[kind] = provider


def grant_kinds() -> list[str]:
    return list(_providers)


def split_basis(basis: str) -> tuple[str, str]:
    kind, _sep, reference = basis.partition(":")
    return kind, reference


def grants(user, camera, *, basis: str | None = None,
           now: dt.datetime | None = None) -> list[Grant]:
    """Every grant `user` holds on `camera` (on `basis` only, when given: then a refused
    basis raises its RuleViolation)."""
    now = now or timezone.now()
    if basis is None:
        found = []
        for provider in _providers.values():
            try:
                found.extend(provider(user, camera, reference="", now=now))
            except RuleViolation:
                continue
        return found
    kind, reference = split_basis(basis)
    provider = _providers.get(kind)
    if provider is None:
        raise outside_refusal(camera, basis)
    return [g for g in provider(user, camera, reference=reference, now=now)
            if g.camera_id == camera.pk and (basis == g.basis or not reference)]


@dataclass(frozen=True)
class Entitlement:
    """What of [start, end) of one camera a person may watch: disjoint spans in time
    order, each with the grant it is watched on."""

    camera_id: int
    start: dt.datetime
    end: dt.datetime
    spans: tuple[Grant, ...]

    def covering(self, start: dt.datetime, end: dt.datetime) -> Grant | None:
        """The span holding all of [start, end), or None."""
        if end <= start:
            return None
        return next((s for s in self.spans if s.start <= start and end <= s.end), None)

    @property
    def empty(self) -> bool:
        return not self.spans


def _merge(found: list[Grant], camera_id: int, start: dt.datetime,
           end: dt.datetime) -> tuple[Grant, ...]:
    """The union of `found` inside [start, end); where grants overlap, the first one
    given keeps the overlap; touching spans of one basis become one."""
    spans: list[Grant] = []
    for grant in found:
        pieces = [(max(grant.start, start), min(grant.end, end))]
        for held in spans:
            pieces = [p for a, b in pieces for p in ((a, min(b, held.start)),
                                                     (max(a, held.end), b)) if p[0] < p[1]]
        spans.extend(Grant(camera_id, a, b, grant.basis, grant.label, grant.copy_url)
                     for a, b in pieces if a < b)
    spans.sort(key=lambda g: g.start)
    merged: list[Grant] = []
    for span in spans:
        if merged and merged[-1].basis == span.basis and merged[-1].end == span.start:
            last = merged.pop()
            span = Grant(camera_id, last.start, span.end, span.basis, last.label,
                         last.copy_url)
        merged.append(span)
    return tuple(merged)


def entitlement(user, camera, start: dt.datetime, end: dt.datetime, *,
                basis: str | None = None, now: dt.datetime | None = None) -> Entitlement:
    """The one access-policy answer: which parts of [start, end) of `camera` `user` may
    watch, and on what basis (on `basis` only, when given)."""
    found = grants(user, camera, basis=basis, now=now) if end > start else []
    return Entitlement(camera.pk, start, end, _merge(found, camera.pk, start, end))


def extent(user, camera, *, basis: str, now: dt.datetime | None = None) -> Entitlement:
    """All that `user` may watch of `camera` on `basis`."""
    found = grants(user, camera, basis=basis, now=now)
    if not found:
        now = now or timezone.now()
        return Entitlement(camera.pk, now, now, ())
    start, end = min(g.start for g in found), max(g.end for g in found)
    return Entitlement(camera.pk, start, end, _merge(found, camera.pk, start, end))


def entitled_part(user, camera, start: dt.datetime, end: dt.datetime, *, basis: str,
                  now: dt.datetime | None = None) -> Grant:
    """The grant covering all of [start, end) on `basis`, or the RuleViolation that
    refuses it."""
    covering = entitlement(user, camera, start, end, basis=basis, now=now).covering(
        start, end)
    if covering is None:
        raise outside_refusal(camera, basis, start, end)
    return covering


def outside_refusal(camera, basis: str, start=None, end=None) -> RuleViolation:
    if split_basis(basis)[0] == PLAYBACK_CHECK_BASIS:
        return RuleViolation("R-FOOT-1", _(
            "The playback check covers only the last %(minutes)s minutes; footage outside "
            "them needs an approved request.") % {
                "minutes": camera.area.site.policy.playback_check_minutes}, status=403)
    from watchroom.core.times import local_text

    return RuleViolation("R-FOOT-3", _(
        "%(camera)s from %(start)s to %(end)s is outside what you may watch.") % {
        "camera": camera.code, "start": local_text(start) if start else "-",
        "end": local_text(end) if end else "-"}, status=403)


# --- the playback check (R-DUTY-5, R-FOOT-6) ------------------------------------------


def playback_check_start(now: dt.datetime, minutes: int) -> dt.datetime:
    """The window's first instant, on a whole second (never earlier than N minutes ago),
    so that a cut at its edge is made once a second at most."""
    start = now - dt.timedelta(minutes=minutes)
    whole = start.replace(microsecond=0)
    return whole if whole == start else whole + dt.timedelta(seconds=math.ceil(
        start.microsecond / 1_000_000))


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
    return Grant(camera.pk, playback_check_start(now, minutes), now, PLAYBACK_CHECK_BASIS,
                 _("Playback check"))


def _playback_check_grants(user, camera, *, reference: str, now: dt.datetime):
    return [playback_grant(user, camera, now)]


register_grant_provider(PLAYBACK_CHECK_BASIS, _playback_check_grants)


def authorize(user, camera, start: dt.datetime, end: dt.datetime,
              now: dt.datetime | None = None) -> Grant:
    """The grant covering [start, end) of `camera` for `user` under the playback check,
    or RuleViolation."""
    playback_grant(user, camera, now)  # the scope and permission refusals first
    return entitled_part(user, camera, start, end, basis=PLAYBACK_CHECK_BASIS, now=now)
