"""Reads about footage requests: where their files live, who sees which, their current
scope and footage, and the predicates that say why a person may not act on a request
(`*_refusal`). Each refusal is what the service raises and what a page asks before it
shows the button: a button is shown exactly when the action would be allowed."""

import datetime as dt
import math
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.core.choices import Role
from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.footage.choices import Need, Status
from watchroom.footage.models import Export, FootageRequest
from watchroom.recording.access import REQUEST_KIND, Grant
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment
from watchroom.rules import RuleViolation

APPROVE = "footage.approve_footagerequest"
EXECUTE = "footage.execute_footagerequest"
FILE = "footage.add_footagerequest"
VIEW = "footage.view_footagerequest"


# --- where the files are ------------------------------------------------------------


def attachments_dir() -> Path:
    return Path(settings.WATCHROOM["ATTACHMENTS_DIR"])


def exports_dir() -> Path:
    return Path(settings.WATCHROOM["EXPORTS_DIR"])


# --- who sees which request ---------------------------------------------------------


def visible_requests(user):
    """Everything for those who keep the register; a department requester sees only the
    requests they filed."""
    requests = FootageRequest.objects.all()
    if user.has_perm(VIEW):
        return requests
    if user.has_perm(FILE):
        return requests.filter(entered_by=user)
    return requests.none()


def may_see_requests(user) -> bool:
    return user.is_authenticated and (user.has_perm(VIEW) or user.has_perm(FILE))


def may_open_attachments(user, request: FootageRequest) -> bool:
    """The person who filed the request, and the approvers of its chain: whoever holds one
    of its roles with the right to approve, or has signed it."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.pk == request.entered_by_id:
        return True
    if request.approvals.filter(approver=user).exists():
        return True
    return user.has_perm(APPROVE) and user.groups.filter(name__in=request.chain).exists()


# --- scope and footage --------------------------------------------------------------


def current_scope(request: FootageRequest):
    return list(request.scope.filter(version=request.scope_version)
                .select_related("camera__area__site"))


def scope_camera_hours(scope) -> int:
    """Each camera × time range counts in started hours: ten minutes of one camera is one
    camera-hour, so many small ranges cannot slip under the bound."""
    return sum(max(math.ceil((end - start).total_seconds() / 3600), 1)
               for _camera, start, end in scope)


def export_ranges(export: Export):
    cameras = {c.pk: c for c in Camera.objects.filter(
        pk__in={r["camera"] for r in export.ranges})}
    return [(cameras[r["camera"]], dt.datetime.fromisoformat(r["start"]),
             dt.datetime.fromisoformat(r["end"])) for r in export.ranges]


def segments_in(ranges):
    """The sealed segments that overlap the ranges, in camera and time order."""
    query = Q()
    for camera, start, end in ranges:
        query |= Q(camera_id=camera.pk, start__lt=end, end__gt=start)
    if not query:
        return Segment.objects.none()
    return (Segment.objects.filter(query, state=SegmentState.SEALED)
            .select_related("camera").order_by("camera__code", "start"))


def approver_ids(request: FootageRequest) -> set[int]:
    return set(request.approvals.filter(scope_version=request.scope_version)
               .values_list("approver_id", flat=True))


# --- what a person may do (R-FOOT-1 … R-FOOT-4) ---------------------------------------


def _has_role(user, role: str) -> bool:
    return user.is_active and user.groups.filter(name=role).exists()


def request_change_refusal(actor, request: FootageRequest) -> RuleViolation | None:
    """Why `actor` may not change the scope of `request`, or None."""
    if actor.pk != request.entered_by_id and not actor.has_perm(FILE):
        return RuleViolation("R-FOOT-1", _("You may not change this request."), status=403)
    if request.status not in (Status.PENDING, Status.APPROVED):
        return RuleViolation("R-FOOT-1", _("A request that is %(status)s can no longer be "
                                           "changed.") % {"status": request.get_status_display()})
    return None


def signer_refusal(actor, request: FootageRequest) -> RuleViolation | None:
    """Why `actor` may not sign the pending step of `request` (whoever they are), or None."""
    if not actor.has_perm(APPROVE):
        return RuleViolation("R-FOOT-2", _("You may not approve footage requests."), status=403)
    if actor.pk == request.entered_by_id:
        return RuleViolation("R-FOOT-3", _("Nobody approves their own request."), status=403)
    if request.step >= len(request.chain):
        return RuleViolation("R-FOOT-2", _("Request %(number)s awaits no decision.") % {
            "number": request.number})
    role = request.chain[request.step]
    if not _has_role(actor, role):
        return RuleViolation("R-FOOT-2", _(
            "It is the %(role)s's turn to decide request %(number)s.") % {
            "role": Role(role).label, "number": request.number}, status=403)
    if request.approvals.filter(scope_version=request.scope_version, approver=actor).exists():
        return RuleViolation("R-FOOT-2", _(
            "You have already signed this request; the next step needs someone else."),
            status=403)
    return None


def request_decide_refusal(actor, request: FootageRequest, *, scope_version: int | None = None,
                           step: int | None = None) -> RuleViolation | None:
    """Why `actor` may not sign the pending step of `request`, or None: the decision
    service's check, and the request page's, which shows the signing form only when it
    is None. `scope_version` and `step` are what the approver saw (a stale or replayed
    decision is refused)."""
    if request.status != Status.PENDING:
        return RuleViolation("R-FOOT-2", _("Request %(number)s is %(status)s; it awaits no "
                                           "decision.") % {
            "number": request.number, "status": request.get_status_display()})
    if scope_version is not None and scope_version != request.scope_version:
        return RuleViolation("R-FOOT-2", _(
            "The request's scope changed after you opened it; read it again before deciding."))
    if step is not None and step != request.step:
        return RuleViolation("R-FOOT-2", _(
            "This step has already been decided; read the request again."))
    return signer_refusal(actor, request)


def expiry_refusal(request: FootageRequest, now: dt.datetime) -> RuleViolation | None:
    if request.valid_until is None or now > request.valid_until:
        return RuleViolation("R-FOOT-3", _(
            "The approval of request %(number)s expired at %(when)s; it must be approved "
            "again.") % {"number": request.number,
                         "when": local_text(request.valid_until) if request.valid_until
                         else "-"},
            status=403)
    return None


def request_retrieve_refusal(actor, request: FootageRequest, *, need: str, ranges=(),
                             now: dt.datetime | None = None) -> RuleViolation | None:
    """R-FOOT-3: only a fully approved, unexpired request, only by an executor who is not
    one of its approvers, only inside its cameras and times (each of `ranges`, camera ×
    start × end); copies (`need` copy) only when copying was approved. With no ranges:
    whether `actor` may retrieve anything of it (the page's play and export buttons)."""
    now = now or timezone.now()
    if not actor.has_perm(EXECUTE):
        return RuleViolation("R-FOOT-3", _("You may not retrieve footage."), status=403)
    if request.status not in (Status.APPROVED, Status.COMPLETED):
        return RuleViolation("R-FOOT-3", _(
            "Request %(number)s is not approved; no footage may be retrieved for it.") % {
            "number": request.number}, status=403)
    if (refusal := expiry_refusal(request, now)) is not None:
        return refusal
    if actor.pk in approver_ids(request):
        return RuleViolation("R-FOOT-3", _(
            "You approved this request, so you may not also retrieve its footage."),
            status=403)
    if need == Need.COPY and request.need != Need.COPY:
        return RuleViolation("R-FOOT-3", _(
            "Request %(number)s was approved for viewing only, not for copying.") % {
            "number": request.number}, status=403)
    if ranges:
        scope = current_scope(request)
        for camera, start, end in ranges:
            covered = any(item.camera_id == camera.pk and item.start <= start
                          and end <= item.end for item in scope)
            if end <= start or not covered:
                return RuleViolation("R-FOOT-3", _(
                    "%(camera)s from %(start)s to %(end)s is outside what request %(number)s "
                    "approved.") % {"camera": camera, "start": local_text(start),
                                    "end": local_text(end), "number": request.number},
                    status=403)
    return None


def request_basis(request: FootageRequest) -> str:
    return f"{REQUEST_KIND}:{request.number}"


def request_grants(actor, camera, *, reference: str, now: dt.datetime) -> list[Grant]:
    """The grant provider of approved requests (registered in FootageConfig.ready()): the
    scope items of `camera` in the request numbered `reference` (or in every request
    `actor` may retrieve now, without one). A refused request raises why. Its approval
    chain already covers privacy-sensitive areas (rules.approval_chain), so no knowledge
    scope is asked here."""
    if reference:
        found = [FootageRequest.objects.filter(number=reference).first()]
        if found[0] is None:
            raise RuleViolation("R-FOOT-3", _("There is no request %(number)s.") % {
                "number": reference}, status=404)
    else:
        found = FootageRequest.objects.filter(
            status__in=(Status.APPROVED, Status.COMPLETED),
            scope__camera=camera, valid_until__gte=now).distinct()
    grants = []
    for request in found:
        refusal = request_retrieve_refusal(actor, request, need=Need.VIEW, now=now)
        if refusal is not None:
            if reference:
                raise refusal
            continue
        copy_url = (request.get_absolute_url() + "#export" if request_retrieve_refusal(
            actor, request, need=Need.COPY, now=now) is None else "")
        label = _("Request %(number)s") % {"number": request.number}
        grants.extend(Grant(camera.pk, item.start, item.end, request_basis(request), label,
                            copy_url)
                      for item in current_scope(request) if item.camera_id == camera.pk)
    return grants


def request_handover_refusal(actor, request: FootageRequest,
                             now: dt.datetime | None = None) -> RuleViolation | None:
    """R-FOOT-4: who may record the hand-over of a request's footage, and when."""
    now = now or timezone.now()
    if not actor.has_perm(EXECUTE):
        return RuleViolation("R-FOOT-4", _("You may not hand over footage."), status=403)
    if request.status != Status.APPROVED:
        return RuleViolation("R-FOOT-4", _("Only an approved request's footage is handed "
                                           "over."), status=409)
    if actor.pk in approver_ids(request):
        return RuleViolation("R-FOOT-3", _(
            "You approved this request, so you may not also hand over its footage."),
            status=403)
    return expiry_refusal(request, now)


def attachment_open_refusal(actor, request: FootageRequest) -> RuleViolation | None:
    if not may_open_attachments(actor, request):
        return RuleViolation("R-FOOT-2", _(
            "Only the approvers of request %(number)s and the person who filed it may open "
            "its documents.") % {"number": request.number}, status=403)
    return None

