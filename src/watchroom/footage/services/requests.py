"""Filing a footage request (with its hold) and changing its scope (R-FOOT-1, R-FOOT-3,
R-REC-4)."""

import datetime as dt
import hashlib
import uuid
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.files import durable_write
from watchroom.core.times import local_text, utc_iso
from watchroom.devices.models import Camera
from watchroom.footage import notices
from watchroom.footage.choices import Need, Status
from watchroom.footage.models import Attachment, FootageRequest, ScopeItem
from watchroom.footage.rules import Upload, approval_chain, missing_pieces, sniff
from watchroom.footage.selectors import (
    FILE,
    attachments_dir,
    request_change_refusal,
    scope_camera_hours,
)
from watchroom.recording import policy
from watchroom.recording import services as recording
from watchroom.recording.choices import HoldLink, SegmentState
from watchroom.recording.models import Segment
from watchroom.rules import RuleViolation
from watchroom.service import service


def _footage_problems(scope, now) -> list[str]:
    """Each range must hold sealed footage; a range whose footage is gone is named as
    past retention (R-REC-1), not as a gap."""
    problems = []
    for camera, start, end in scope:
        if end <= start:
            continue
        found = Segment.objects.filter(camera=camera, state=SegmentState.SEALED,
                                       start__lt=end, end__gt=start).exists()
        if found:
            continue
        if end < now - dt.timedelta(days=policy.retention_days(camera)):
            problems.append(_("%(camera)s: footage from %(start)s to %(end)s is past its "
                              "retention period and no longer kept (R-REC-1).") % {
                "camera": camera, "start": local_text(start), "end": local_text(end)})
        else:
            problems.append(_("%(camera)s: there is no footage from %(start)s to %(end)s.") % {
                "camera": camera, "start": local_text(start), "end": local_text(end)})
    return problems


def _next_number(now: dt.datetime) -> str:
    year = timezone.localtime(now).year
    prefix = f"SP{year}-"
    last = (FootageRequest.objects.select_for_update().filter(number__startswith=prefix)
            .order_by("-number").values_list("number", flat=True).first())
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def _create_numbered(now, **fields) -> FootageRequest:
    """The next number of the year; a concurrent filing that took it makes this one try
    the one after."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return FootageRequest.objects.create(number=_next_number(now), **fields)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def scope_list(scope) -> list[tuple[Camera, dt.datetime, dt.datetime]]:
    """(camera, start, end) ranges with each camera (or camera id) loaded with its policy."""
    scope = list(scope)
    wanted = {camera for camera, _s, _e in scope if not isinstance(camera, Camera)}
    cameras = Camera.objects.select_related("area__site__policy").in_bulk(wanted)
    items = []
    for camera, start, end in scope:
        if not isinstance(camera, Camera):
            if camera not in cameras:
                raise Camera.DoesNotExist(camera)
            camera = cameras[camera]
        items.append((camera, start, end))
    return items


def _refuse_if_too_large(scope) -> None:
    """R-FOOT-3: a request names no more camera-hours than its profile allows; each range
    is also held (R-REC-4), so the bound keeps one request from holding the archive."""
    if not scope:
        return
    limit = scope[0][0].area.site.policy.max_request_camera_hours
    hours = scope_camera_hours(scope)
    if hours > limit:
        raise RuleViolation("R-FOOT-3", _(
            "The request names %(hours)s camera-hours in %(ranges)s ranges; one request may "
            "name at most %(limit)s camera-hours (each range counts in started hours). Split "
            "it or narrow the cameras and times (R-FOOT-3).") % {
                "hours": hours, "ranges": len(scope), "limit": limit}, status=400,
            limit=limit, camera_hours=hours)


def _hold_scope(*, actor, request: FootageRequest, scope) -> None:
    """R-REC-4: the footage a request names is held from the moment it is filed."""
    for camera, start, end in scope:
        recording.hold_create(
            actor=actor, cameras=[camera], start=start, end=end,
            reason=_("Footage request %(number)s") % {"number": request.number},
            link_kind=HoldLink.REQUEST, link_ref=request.number)


def _write_scope(request, version, scope) -> None:
    ScopeItem.objects.bulk_create([
        ScopeItem(request=request, version=version, camera=camera, start=start, end=end)
        for camera, start, end in scope])


def _store_attachment(request, upload: Upload, actor, now) -> Attachment:
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
    content_type = sniff(upload.content)
    path = attachments_dir() / request.number / f"{uuid.uuid4().hex}{suffix[content_type]}"
    durable_write(path, upload.content)
    return Attachment.objects.create(
        request=request, kind=upload.kind, name=Path(upload.name).name[:200],
        content_type=content_type, path=str(path.relative_to(attachments_dir())),
        bytes=len(upload.content), sha256=hashlib.sha256(upload.content).hexdigest(),
        uploaded_by=actor, uploaded_at=now)


def scope_data(scope) -> list[dict]:
    return [{"camera": camera.code, "start": utc_iso(start), "end": utc_iso(end)}
            for camera, start, end in scope]


@service
def request_create(*, actor, requester_type: str, requester_name: str, requester_unit: str,
                   requester_contact: str, requester_id_number: str, purpose: str, need: str,
                   scope, officers=(), uploads=(), originals: bool = False,
                   now=None) -> FootageRequest:
    """R-FOOT-1: a complete request enters the approval chain and its footage is held
    at once; an incomplete one is refused naming every missing piece, and nothing is
    saved. `originals`: the approvers approve the whole sealed segments leaving as
    evidence, not only the cut range (R-FOOT-5)."""
    now = now or timezone.now()
    if not actor.has_perm(FILE):
        raise RuleViolation("R-FOOT-1", _("You may not enter footage requests."), status=403)
    scope = scope_list(scope)
    _refuse_if_too_large(scope)
    uploads = list(uploads)
    officers = [{"name": str(o.get("name", "")).strip(), "badge": str(o.get("badge", "")).strip()}
                for o in officers]
    officers = [o for o in officers if o["name"] or o["badge"]]
    fields = {"requester_name": requester_name, "requester_unit": requester_unit,
              "requester_contact": requester_contact,
              "requester_id_number": requester_id_number, "purpose": purpose}
    problems = missing_pieces(requester_type=requester_type, fields=fields, officers=officers,
                              uploads=uploads, scope=scope, now=now)
    if need not in Need.values:
        problems.append(_("Say whether the footage is to be viewed or copied."))
    if originals and need != Need.COPY:
        problems.append(_("Original recordings leave only with a copy; ask for a copy or "
                          "untick the originals."))
    problems += _footage_problems(scope, now)
    if problems:
        raise RuleViolation("R-FOOT-1", " ".join(problems), status=400, problems=problems)
    privacy = any(camera.area.privacy_sensitive for camera, _s, _e in scope)
    profile = scope[0][0].area.site.policy
    request = _create_numbered(
        now, requester_type=requester_type, officers=officers, need=need,
        chain=approval_chain(profile, requester_type, privacy), privacy_sensitive=privacy,
        originals=bool(originals), entered_by=actor, entered_at=now,
        **{k: str(v).strip() for k, v in fields.items()})
    _write_scope(request, 1, scope)
    _hold_scope(actor=actor, request=request, scope=scope)
    audit_record(actor=actor, action="footage.request_filed", target=request, data={
        "number": request.number, "type": requester_type, "requester": request.requester_name,
        "unit": request.requester_unit, "purpose": request.purpose, "need": need,
        "originals": request.originals,
        "chain": request.chain, "scope": scope_data(scope),
        "attachments": [{"kind": u.kind, "sha256": hashlib.sha256(u.content).hexdigest()}
                        for u in uploads]})
    stored = []
    try:
        for upload in uploads:
            stored.append(_store_attachment(request, upload, actor, now))
    except BaseException:
        for attachment in stored:  # the transaction rolls back: no document without its row
            (attachments_dir() / attachment.path).unlink(missing_ok=True)
        raise
    notices.approvers(request)
    return request


@service
def request_scope_change(*, actor, request: FootageRequest, scope, now=None) -> FootageRequest:
    """A scope changed after filing re-enters the chain from its first step: approvals
    given for the old scope do not carry over."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if (refusal := request_change_refusal(actor, request)) is not None:
        raise refusal
    scope = scope_list(scope)
    _refuse_if_too_large(scope)
    problems = missing_pieces(requester_type=request.requester_type, fields={
        f: getattr(request, f) for f in ("requester_name", "requester_unit",
                                         "requester_contact", "requester_id_number",
                                         "purpose")},
        officers=request.officers, uploads=[], scope=scope, now=now)
    problems = [p for p in problems if not p.startswith(_("Missing document:"))]
    problems += _footage_problems(scope, now)
    if problems:
        raise RuleViolation("R-FOOT-1", " ".join(problems), status=400, problems=problems)
    privacy = any(camera.area.privacy_sensitive for camera, _s, _e in scope)
    request.scope_version += 1
    request.step = 0
    request.status = Status.PENDING
    request.approved_at = request.valid_until = None
    request.privacy_sensitive = privacy
    request.chain = approval_chain(scope[0][0].area.site.policy, request.requester_type, privacy)
    request.save()
    _write_scope(request, request.scope_version, scope)
    _hold_scope(actor=actor, request=request, scope=scope)
    audit_record(actor=actor, action="footage.scope_changed", target=request, data={
        "version": request.scope_version, "scope": scope_data(scope), "chain": request.chain})
    notices.approvers(request)
    return request
