"""Footage requests: filing (with its hold), the approval chain, retrieval inside the
approved scope, exports and hand-over (R-FOOT-1 … R-FOOT-6, R-REC-4)."""

import datetime as dt
import hashlib
import math
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.choices import Role
from watchroom.devices.models import Camera
from watchroom.footage import fonts, notify
from watchroom.footage.choices import ApprovalDecision, ExportState, Need, Status
from watchroom.footage.models import (
    Approval,
    Attachment,
    Export,
    FootageRequest,
    Handover,
    Retrieval,
    ScopeItem,
)
from watchroom.footage.rules import Upload, approval_chain, missing_pieces, sniff
from watchroom.recording import policy
from watchroom.recording import services as recording
from watchroom.recording.choices import HoldLink, SegmentState
from watchroom.recording.models import Segment
from watchroom.rules import RuleViolation
from watchroom.service import service
from watchroom.twofactor.services import check_code

APPROVE = "footage.approve_footagerequest"
EXECUTE = "footage.execute_footagerequest"
FILE = "footage.add_footagerequest"
VIEW = "footage.view_footagerequest"


def utc_iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def attachments_dir() -> Path:
    return Path(settings.WATCHROOM["ATTACHMENTS_DIR"])


def exports_dir() -> Path:
    return Path(settings.WATCHROOM["EXPORTS_DIR"])


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


# --- filing -------------------------------------------------------------------------


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
                "camera": camera, "start": _local(start), "end": _local(end)})
        else:
            problems.append(_("%(camera)s: there is no footage from %(start)s to %(end)s.") % {
                "camera": camera, "start": _local(start), "end": _local(end)})
    return problems


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


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


def _scope_list(scope) -> list[tuple[Camera, dt.datetime, dt.datetime]]:
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


def scope_camera_hours(scope) -> int:
    """Each camera × time range counts in started hours: ten minutes of one camera is one
    camera-hour, so many small ranges cannot slip under the bound."""
    return sum(max(math.ceil((end - start).total_seconds() / 3600), 1)
               for _camera, start, end in scope)


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
    folder = attachments_dir() / request.number
    folder.mkdir(parents=True, exist_ok=True)
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
    content_type = sniff(upload.content)
    path = folder / f"{uuid.uuid4().hex}{suffix[content_type]}"
    with open(path, "xb") as handle:
        handle.write(upload.content)
        handle.flush()
        os.fsync(handle.fileno())
    return Attachment.objects.create(
        request=request, kind=upload.kind, name=Path(upload.name).name[:200],
        content_type=content_type, path=str(path.relative_to(attachments_dir())),
        bytes=len(upload.content), sha256=hashlib.sha256(upload.content).hexdigest(),
        uploaded_by=actor, uploaded_at=now)


@service
def file_request(*, actor, requester_type: str, requester_name: str, requester_unit: str,
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
    scope = _scope_list(scope)
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
        "chain": request.chain, "scope": _scope_data(scope),
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
    notify.approvers(request)
    return request


def _scope_data(scope) -> list[dict]:
    return [{"camera": camera.code, "start": utc_iso(start), "end": utc_iso(end)}
            for camera, start, end in scope]


def current_scope(request: FootageRequest):
    return list(request.scope.filter(version=request.scope_version)
                .select_related("camera__area__site"))


@service
def change_scope(*, actor, request: FootageRequest, scope, now=None) -> FootageRequest:
    """A scope changed after filing re-enters the chain from its first step: approvals
    given for the old scope do not carry over."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if actor.pk != request.entered_by_id and not actor.has_perm(FILE):
        raise RuleViolation("R-FOOT-1", _("You may not change this request."), status=403)
    if request.status not in (Status.PENDING, Status.APPROVED):
        raise RuleViolation("R-FOOT-1", _("A request that is %(status)s can no longer be "
                                          "changed.") % {"status": request.get_status_display()})
    scope = _scope_list(scope)
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
        "version": request.scope_version, "scope": _scope_data(scope), "chain": request.chain})
    notify.approvers(request)
    return request


# --- approvals (R-FOOT-2, R-FOOT-3 separation of duties, R-FOOT-6) ------------------------


def _has_role(user, role: str) -> bool:
    return user.is_active and user.groups.filter(name=role).exists()


def signer_refusal(actor, request: FootageRequest) -> RuleViolation | None:
    """Why `actor` may not sign the pending step of `request`, or None: the service's
    check, and the request page's, which shows the signing form only when it is None."""
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


@service
def decide(*, actor, request: FootageRequest, decision: str, code: str, comment: str = "",
           scope_version: int | None = None, step: int | None = None,
           now=None) -> Approval:
    """One signature of the chain, in order, by the step's role, with the approver's
    authenticator code. `scope_version` and `step` are what the approver saw: a decision
    on anything else is refused (a stale or replayed approval)."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if decision not in ApprovalDecision.values:
        raise RuleViolation("R-FOOT-2", _("Approve or reject."), status=400)
    if request.status != Status.PENDING:
        raise RuleViolation("R-FOOT-2", _("Request %(number)s is %(status)s; it awaits no "
                                          "decision.") % {
            "number": request.number, "status": request.get_status_display()})
    if scope_version is not None and scope_version != request.scope_version:
        raise RuleViolation("R-FOOT-2", _(
            "The request's scope changed after you opened it; read it again before deciding."))
    if step is not None and step != request.step:
        raise RuleViolation("R-FOOT-2", _(
            "This step has already been decided; read the request again."))
    refusal = signer_refusal(actor, request)
    if refusal is not None:
        raise refusal
    role = request.chain[request.step]
    if decision == ApprovalDecision.REJECTED and not comment.strip():
        raise RuleViolation("R-FOOT-2", _("Say why the request is rejected."), status=400)
    check_code(user=actor, code=code, rule="R-FOOT-2")
    approval = Approval.objects.create(
        request=request, scope_version=request.scope_version, step=request.step, role=role,
        approver=actor, decision=decision, comment=comment.strip(), decided_at=now,
        second_factor=True)
    if decision == ApprovalDecision.REJECTED:
        request.status = Status.REJECTED
    else:
        request.step += 1
        if request.step >= len(request.chain):
            request.status = Status.APPROVED
            request.approved_at = now
            request.valid_until = now + dt.timedelta(
                hours=current_scope(request)[0].camera.area.site.policy.approval_valid_hours)
    request.save(update_fields=["status", "step", "approved_at", "valid_until"])
    audit_record(actor=actor, action=f"footage.request_{decision}", target=request, data={
        "number": request.number, "step": approval.step, "role": role,
        "version": request.scope_version, "comment": approval.comment})
    if request.status == Status.PENDING:
        notify.approvers(request)
    else:
        notify.outcome(request)
    return approval


# --- retrieval inside the approved scope (R-FOOT-3, R-FOOT-4) -----------------------------


def _refuse_if_expired(request: FootageRequest, now) -> None:
    if request.valid_until is None or now > request.valid_until:
        raise RuleViolation("R-FOOT-3", _(
            "The approval of request %(number)s expired at %(when)s; it must be approved "
            "again.") % {"number": request.number,
                         "when": _local(request.valid_until) if request.valid_until else "-"},
            status=403)


def _approver_ids(request) -> set[int]:
    return set(request.approvals.filter(scope_version=request.scope_version)
               .values_list("approver_id", flat=True))


def check_execution(*, user, request: FootageRequest, ranges, need: str, now=None) -> None:
    """R-FOOT-3: only a fully approved, unexpired request, only by an executor who is not
    one of its approvers, only inside its cameras and times (each of `ranges`, camera ×
    start × end); copies only when copying was approved."""
    now = now or timezone.now()
    if not user.has_perm(EXECUTE):
        raise RuleViolation("R-FOOT-3", _("You may not retrieve footage."), status=403)
    if request.status not in (Status.APPROVED, Status.COMPLETED):
        raise RuleViolation("R-FOOT-3", _(
            "Request %(number)s is not approved; no footage may be retrieved for it.") % {
            "number": request.number}, status=403)
    _refuse_if_expired(request, now)
    if user.pk in _approver_ids(request):
        raise RuleViolation("R-FOOT-3", _(
            "You approved this request, so you may not also retrieve its footage."),
            status=403)
    if need == Need.COPY and request.need != Need.COPY:
        raise RuleViolation("R-FOOT-3", _(
            "Request %(number)s was approved for viewing only, not for copying.") % {
            "number": request.number}, status=403)
    scope = current_scope(request)
    for camera, start, end in ranges:
        covered = any(item.camera_id == camera.pk and item.start <= start and end <= item.end
                      for item in scope)
        if end <= start or not covered:
            raise RuleViolation("R-FOOT-3", _(
                "%(camera)s from %(start)s to %(end)s is outside what request %(number)s "
                "approved.") % {"camera": camera, "start": _local(start), "end": _local(end),
                                "number": request.number}, status=403)


@service
def record_viewing(*, actor, request: FootageRequest, camera, start, end, now=None) -> Retrieval:
    now = now or timezone.now()
    check_execution(user=actor, request=request, ranges=[(camera, start, end)],
                    need=Need.VIEW, now=now)
    retrieval = Retrieval.objects.create(request=request, operator=actor, kind=Need.VIEW,
                                         camera=camera, start=start, end=end, at=now)
    audit_record(actor=actor, action="footage.viewed", target=request, data={
        "number": request.number, "camera": camera.code, "start": utc_iso(start),
        "end": utc_iso(end)})
    return retrieval


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


@service
def start_export(*, actor, request: FootageRequest, ranges=None, merged_clip: bool = False,
                 watermark: bool = False, now=None) -> Export:
    """An export of the approved scope, or of the ranges named (each inside it), built
    in the background."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if ranges is None:
        ranges = [(i.camera, i.start, i.end) for i in current_scope(request)]
    ranges = _scope_list(ranges)
    if not ranges:
        raise RuleViolation("R-FOOT-3", _("Name what to export."), status=400)
    check_execution(user=actor, request=request, ranges=ranges, need=Need.COPY, now=now)
    if not segments_in(ranges).exists():
        raise RuleViolation("R-FOOT-3", _("There is no footage in the ranges named."),
                            status=400)
    if watermark and fonts.watermark_font() is None:
        raise RuleViolation("R-FOOT-5", _(
            "No font is available to burn in the request number; install one or set "
            "WATCHROOM_WATERMARK_FONT."), status=409)
    export = Export.objects.create(
        request=request, created_by=actor, created_at=now, merged_clip=merged_clip,
        watermark=watermark,
        ranges=[{"camera": c.pk, "start": s.isoformat(), "end": e.isoformat()}
                for c, s, e in ranges])
    Retrieval.objects.bulk_create([
        Retrieval(request=request, operator=actor, kind=Need.COPY, camera=camera,
                  start=start, end=end, at=now) for camera, start, end in ranges])
    audit_record(actor=actor, action="footage.export_started", target=export, data={
        "number": request.number, "export": export.pk, "merged_clip": merged_clip,
        "watermark": watermark, "ranges": _scope_data(ranges)})
    transaction.on_commit(lambda: _enqueue_build(export.pk))
    return export


def _enqueue_build(export_id: int) -> None:
    from watchroom.footage.tasks import build_export_task

    build_export_task.enqueue(export_id)


def _superseded(export: Export, attempt: int | None) -> bool:
    """A late answer from an attempt the stall job already failed (or a finished export):
    it changes nothing."""
    return attempt is not None and (export.attempts != attempt
                                    or export.state != ExportState.RUNNING)


@service
def finish_export(*, actor, export: Export, path: Path, size: int, sha256: str,
                  attempt: int | None = None) -> Export:
    """The package at `path` is complete: it is moved into the exports folder (if built
    elsewhere) and the export is done."""
    export = Export.objects.select_for_update().get(pk=export.pk)
    if _superseded(export, attempt):
        return export
    final = exports_dir() / path.name
    if path != final:
        if final.exists():
            raise FileExistsError(f"{final} already exists")
        os.replace(path, final)
        _fsync_dir(final.parent)
        path = final
    export.state = ExportState.DONE
    export.progress = 100
    export.heartbeat_at = None
    export.path = str(path.relative_to(exports_dir()))
    export.bytes = size
    export.sha256 = sha256
    export.finished_at = timezone.now()
    export.save()
    audit_record(actor=actor, action="footage.export_built", target=export, data={
        "number": export.request.number, "export": export.pk, "file": export.path,
        "bytes": size, "sha256": sha256})
    return export


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@service
def fail_export(*, actor, export: Export, error: str, attempt: int | None = None) -> Export:
    export = Export.objects.select_for_update().get(pk=export.pk)
    if _superseded(export, attempt):
        return export
    export.state = ExportState.FAILED
    export.error = error[:500]
    export.finished_at = timezone.now()
    export.heartbeat_at = None
    export.save(update_fields=["state", "error", "finished_at", "heartbeat_at"])
    audit_record(actor=actor, action="footage.export_failed", target=export, data={
        "number": export.request.number, "export": export.pk, "error": export.error})
    return export


@service
def record_download(*, actor, export: Export, now=None) -> Export:
    """Downloading a package is a retrieval too: same checks, and audited."""
    request = export.request
    if export.state != ExportState.DONE:
        raise RuleViolation("R-FOOT-5", _("This package is not ready."), status=409)
    check_execution(user=actor, request=request, ranges=export_ranges(export),
                    need=Need.COPY, now=now)
    audit_record(actor=actor, action="footage.export_downloaded", target=export, data={
        "number": request.number, "export": export.pk, "sha256": export.sha256})
    return export


@service
def hand_over(*, actor, request: FootageRequest, recipient_name: str, recipient_unit: str,
              recipient_id_number: str, items: str, export: Export | None = None,
              now=None) -> Handover:
    """R-FOOT-4: the register entry is complete when the recipient is recorded."""
    now = now or timezone.now()
    request = FootageRequest.objects.select_for_update().get(pk=request.pk)
    if not actor.has_perm(EXECUTE):
        raise RuleViolation("R-FOOT-4", _("You may not hand over footage."), status=403)
    if request.status != Status.APPROVED:
        raise RuleViolation("R-FOOT-4", _("Only an approved request's footage is handed "
                                          "over."), status=409)
    if actor.pk in _approver_ids(request):
        raise RuleViolation("R-FOOT-3", _(
            "You approved this request, so you may not also hand over its footage."),
            status=403)
    _refuse_if_expired(request, now)
    problems = [label for value, label in (
        (recipient_name, _("the recipient's name")), (recipient_unit, _("the recipient's unit")),
        (recipient_id_number, _("the recipient's ID number")),
        (items, _("what was handed over"))) if not str(value or "").strip()]
    if problems:
        raise RuleViolation("R-FOOT-4", _("Missing: %(what)s.") % {
            "what": _(", ").join(str(p) for p in problems)}, status=400)
    if export is not None and (export.request_id != request.pk
                               or export.state != ExportState.DONE):
        raise RuleViolation("R-FOOT-4", _("That package does not belong to this request or "
                                          "is not finished."), status=400)
    handover = Handover.objects.create(
        request=request, export=export, recipient_name=recipient_name.strip(),
        recipient_unit=recipient_unit.strip(), recipient_id_number=recipient_id_number.strip(),
        items=items.strip(), handed_by=actor, handed_at=now)
    request.status = Status.COMPLETED
    request.save(update_fields=["status"])
    audit_record(actor=actor, action="footage.handed_over", target=request, data={
        "number": request.number, "recipient": handover.recipient_name,
        "unit": handover.recipient_unit, "id_number": handover.recipient_id_number,
        "items": handover.items, "export": export.pk if export else None,
        "package_sha256": export.sha256 if export else ""})
    return handover
