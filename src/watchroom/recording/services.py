"""Every rule about recordings (R-REC-1 … R-REC-6), each with its audit event."""

import datetime as dt
import logging
from collections import defaultdict

from django.db.models import Exists, F, Max, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.devices.models import Camera
from watchroom.recording import gaps, policy, storage
from watchroom.recording.choices import Decision, IntegrityState, SegmentState
from watchroom.recording.models import Hold, RetentionExtension, Segment
from watchroom.rules import RuleViolation
from watchroom.service import service

logger = logging.getLogger("watchroom.recording")

LEADER_PERMISSION = "recording.approve_retentionextension"
RELEASE_PERMISSION = "recording.release_hold"
HOLD_PERMISSION = "recording.add_hold"
REQUEST_RETENTION_PERMISSION = "recording.add_retentionextension"


def _place(path: str, kind: str = "recording.storage") -> tuple[str, str, str]:
    """An audit/alert target for a folder or file: the path is its label."""
    return kind, "", path[-300:]


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


# --- sealing -------------------------------------------------------------------


@service
def seal_segment(*, actor, camera_id: int, start, end, relpath: str, size: int,
                 sha256: str) -> Segment:
    """R-REC-5: a checked, hashed, durably placed file enters the catalogue and the audit
    trail together; an open gap for the camera closes (R-REC-6)."""
    camera = Camera.objects.select_related("area__site__policy").get(pk=camera_id)
    now = timezone.now()
    covered = Segment.objects.filter(camera=camera, start__lt=end, end__gt=start).aggregate(
        last=Max("end"))["last"]
    if covered is not None:
        # Never two catalogue entries for one moment of one camera: what is already
        # catalogued keeps it (R-REC-5).
        if covered >= end:
            raise RuleViolation("R-REC-5", _(
                "Camera %(camera)s already has a recording for %(start)s – %(end)s.") % {
                    "camera": camera, "start": timezone.localtime(start).strftime("%H:%M:%S"),
                    "end": timezone.localtime(end).strftime("%H:%M:%S")})
        start = covered
    segment = Segment.objects.create(
        camera=camera, start=start, end=end, path=relpath, bytes=size, sha256=sha256,
        sealed_at=now, keep_until=policy.keep_until(camera, end), verified_at=now,
    )
    gaps.close_gap_if_resumed(actor=actor, camera=camera, start=start, end=end)
    audit_record(actor=actor, action="recording.segment_sealed", target=segment, data={
        "camera": camera.code, "start": _iso(start), "end": _iso(end), "file": relpath,
        "bytes": size, "sha256": sha256, "keep_until": _iso(segment.keep_until),
    })
    return segment


# --- gaps (R-REC-6): see gaps.py -------------------------------------------------

gap_alert_key = gaps.gap_alert_key
check_gaps = gaps.check_gaps


@service
def report_refused_segment(*, actor, camera_id: int, start, problem: str, kept: str):
    """R-REC-5/R-REC-6: a finished file that failed the check before sealing is not
    footage in the catalogue; it is kept in quarantine, and people are told."""
    camera = Camera.objects.get(pk=camera_id)
    alert_raise(actor=actor, kind="recording.segment_refused", severity="critical",
                key=f"recording.segment_refused:{camera_id}", target=camera,
                message=_("A recording of camera %(camera)s from %(start)s failed the check "
                          "before sealing (%(problem)s) and was kept in quarantine as "
                          "%(kept)s (R-REC-5).") % {
                              "camera": str(camera), "problem": problem, "kept": kept,
                              "start": timezone.localtime(start).strftime("%Y-%m-%d %H:%M:%S")})
    audit_record(actor=actor, action="recording.segment_refused", target=camera, data={
        "camera": camera.code, "start": _iso(start), "problem": problem, "quarantined_as": kept})


def unacknowledged_losses() -> int:
    """Alerts about footage a crash cut short or the pre-seal check refused that nobody
    has acknowledged yet: `recording verify` fails while there are any."""
    from watchroom.alerts.models import Alert

    return Alert.objects.filter(kind__in=("recording.unfinished", "recording.segment_refused"),
                                closed_at__isnull=True, acknowledged_at__isnull=True).count()


# --- holds (R-REC-4) -------------------------------------------------------------


@service
def place_hold(*, actor, cameras, start, end, reason: str, link_kind: str,
               link_ref: str = "") -> Hold:
    cameras = list(cameras)
    if not cameras:
        raise RuleViolation("R-REC-4", _("A hold must name at least one camera."), status=400)
    if end <= start:
        raise RuleViolation("R-REC-4", _("A hold must end after it starts."), status=400)
    if not reason.strip():
        raise RuleViolation("R-REC-4", _("A hold needs a reason."), status=400)
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None and not user.has_perm(HOLD_PERMISSION):
        raise RuleViolation("R-REC-4", _("You may not put footage on hold."), status=403)
    return create_hold(actor=actor, cameras=cameras, start=start, end=end, reason=reason,
                       link_kind=link_kind, link_ref=link_ref)


def create_hold(*, actor, cameras, start, end, reason: str, link_kind: str,
                link_ref: str = "") -> Hold:
    """Inside the caller's transaction: the hold a rule itself requires (a filed footage
    request, a reported incident), whoever's action triggered it."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    hold = Hold.objects.create(
        reason=reason.strip(), link_kind=link_kind, link_ref=link_ref, start=start, end=end,
        placed_by=user, placed_at=timezone.now(),
    )
    hold.cameras.set(cameras)
    audit_record(actor=actor, action="recording.hold_placed", target=hold, data={
        "cameras": sorted(c.code for c in cameras), "start": _iso(start), "end": _iso(end),
        "reason": hold.reason, "link": f"{link_kind}:{link_ref}"})
    return hold


@service
def release_hold(*, actor, hold: Hold, note: str = "") -> Hold:
    hold = Hold.objects.select_for_update().get(pk=hold.pk)
    if not actor.has_perm(RELEASE_PERMISSION):
        raise RuleViolation("R-REC-4", _("Only an approver may release a hold."), status=403)
    if hold.released_at is not None:
        raise RuleViolation("R-REC-4", _("This hold has already been released."))
    if not note.strip():
        raise RuleViolation("R-REC-4", _("Say why the hold is released."), status=400)
    hold.released_by = actor
    hold.released_at = timezone.now()
    hold.release_note = note.strip()
    hold.save(update_fields=["released_by", "released_at", "release_note"])
    audit_record(actor=actor, action="recording.hold_released", target=hold,
                 data={"note": hold.release_note})
    return hold


def held(segments):
    """Segments that an active hold covers."""
    covering = Hold.objects.filter(
        released_at__isnull=True, cameras=OuterRef("camera"),
        start__lt=OuterRef("end"), end__gt=OuterRef("start"),
    )
    return segments.filter(Exists(covering))


# --- retention (R-REC-1, R-REC-2, R-REC-3) -----------------------------------------


def may_request_retention(user) -> bool:
    """Who may ask for a camera's footage to be kept longer (the button and the service)."""
    return user.has_perm(REQUEST_RETENTION_PERMISSION)


def extension_decision_refusal(actor, extension: RetentionExtension) -> RuleViolation | None:
    """Why `actor` may not decide `extension`, or None (the service and the buttons)."""
    if not actor.has_perm(LEADER_PERMISSION):
        return RuleViolation("R-REC-1", _("Only a leader may approve a longer retention."),
                             status=403)
    if extension.status != Decision.PENDING:
        return RuleViolation("R-REC-1", _("This request has already been decided."))
    if extension.requested_by_id == actor.pk:
        return RuleViolation("R-REC-1", _("Nobody approves their own request."), status=403)
    return None


@service
def request_retention_extension(*, actor, camera: Camera, days: int, reason: str):
    if not may_request_retention(actor):
        raise RuleViolation("R-REC-1", _("You may not ask for a longer retention."),
                            status=403)
    current = policy.retention_days(camera)
    if days <= current:
        raise RuleViolation("R-REC-2", _(
            "Retention can only be extended: %(camera)s keeps footage %(current)s days, "
            "%(days)s days would shorten it.") % {
                "camera": camera, "current": current, "days": days}, status=400)
    if not reason.strip():
        raise RuleViolation("R-REC-1", _("Say why the footage must be kept longer."),
                            status=400)
    extension = RetentionExtension.objects.create(
        camera=camera, days=days, reason=reason.strip(), requested_by=actor,
        requested_at=timezone.now(),
    )
    audit_record(actor=actor, action="recording.retention_extension_requested",
                 target=extension, data={"camera": camera.code, "days": days,
                                         "current": current, "reason": extension.reason})
    return extension


@service
def decide_retention_extension(*, actor, extension: RetentionExtension, approve: bool):
    extension = RetentionExtension.objects.select_for_update().select_related("camera").get(
        pk=extension.pk)
    refusal = extension_decision_refusal(actor, extension)
    if refusal is not None:
        raise refusal
    extension.status = Decision.APPROVED if approve else Decision.REJECTED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.save(update_fields=["status", "decided_by", "decided_at"])
    extended = 0
    if approve:
        extended = Segment.objects.filter(camera=extension.camera).update(
            keep_until=Greatest(F("keep_until"), F("end") + dt.timedelta(days=extension.days)))
    audit_record(actor=actor, action="recording.retention_extension_decided",
                 target=extension, data={"approved": approve, "days": extension.days,
                                         "segments_extended": extended})
    return extension


@service
def delete_segment(*, actor, segment: Segment, now=None):
    """No one deletes footage by hand (R-REC-2); expired footage goes by the sweep only."""
    now = now or timezone.now()
    if segment.keep_until > now:
        raise RuleViolation("R-REC-2", _(
            "Recordings inside their retention period cannot be deleted, by anyone; "
            "this one is kept until %(until)s.") % {
                "until": timezone.localtime(segment.keep_until).strftime("%Y-%m-%d %H:%M")},
            status=403)
    if held(Segment.objects.filter(pk=segment.pk)).exists():
        raise RuleViolation("R-REC-4", _("This recording is on hold."), status=403)
    raise RuleViolation("R-REC-3", _(
        "Expired recordings are removed by the retention sweep, not by hand."), status=403)


def _summaries(rows) -> dict[tuple[int, str], dict]:
    days: dict[tuple[int, str], dict] = defaultdict(
        lambda: {"segments": 0, "bytes": 0, "first": None, "last": None})
    for row in rows:
        key = (row["camera_id"], timezone.localtime(row["start"]).date().isoformat())
        entry = days[key]
        entry["segments"] += 1
        entry["bytes"] += row["bytes"]
        entry["first"] = min(filter(None, (entry["first"], row["start"])))
        entry["last"] = max(filter(None, (entry["last"], row["end"])))
    return days


@service
def _mark_expired(*, actor, ids: list[int]) -> list[dict]:
    rows = list(Segment.objects.filter(pk__in=ids).values(
        "id", "camera_id", "camera__code", "start", "end", "bytes", "path"))
    Segment.objects.filter(pk__in=ids).update(state=SegmentState.EXPIRED)
    codes = {r["camera_id"]: r["camera__code"] for r in rows}
    for (camera_id, day), entry in sorted(_summaries(rows).items()):
        audit_record(actor=actor, action="recording.expired_deleted",
                     target=("devices.camera", camera_id, codes[camera_id]), data={
                         "day": day, "segments": entry["segments"], "bytes": entry["bytes"],
                         "first": _iso(entry["first"]), "last": _iso(entry["last"])})
    return rows


def _remove_files(rows) -> None:
    for row in rows:
        path = storage.absolute(row["path"])
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        storage.remove_empty_parents(path)


def sweep_retention(*, actor, now=None, batch: int = 5000) -> dict:
    """R-REC-3: remove what is past retention and on no hold; audit it per camera and
    day. A crash at any point leaves rows marked expired, finished by the next sweep."""
    now = now or timezone.now()
    removed = {"segments": 0, "bytes": 0}
    leftover = list(Segment.objects.filter(state=SegmentState.EXPIRED).values("id", "path"))
    _remove_files(leftover)
    Segment.objects.filter(pk__in=[r["id"] for r in leftover]).delete()
    expired = Segment.objects.filter(state=SegmentState.SEALED, keep_until__lte=now)
    candidates = expired.exclude(pk__in=held(expired).values("pk"))
    while True:
        ids = list(candidates.order_by("camera_id", "start").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        rows = _mark_expired(actor=actor, ids=ids)
        _remove_files(rows)
        Segment.objects.filter(pk__in=ids, state=SegmentState.EXPIRED).delete()
        removed["segments"] += len(rows)
        removed["bytes"] += sum(r["bytes"] for r in rows)
    return removed


# --- integrity (R-REC-2) -----------------------------------------------------------


def integrity_alert_key(kind: str, ident) -> str:
    return f"recording.integrity.{kind}:{ident}"


@service
def record_integrity(*, actor, segment: Segment, found: str, sha256: str = "") -> Segment:
    """The outcome of re-hashing one segment: intact, changed or missing."""
    now = timezone.now()
    if found == IntegrityState.OK:
        Segment.objects.filter(pk=segment.pk).update(verified_at=now)
        return segment
    if segment.integrity == found:
        Segment.objects.filter(pk=segment.pk).update(verified_at=now)
        return segment
    Segment.objects.filter(pk=segment.pk).update(verified_at=now, integrity=found)
    message = {
        IntegrityState.CHANGED: _("Recording %(file)s has changed on disk (R-REC-2)."),
        IntegrityState.MISSING: _("Recording %(file)s is missing from disk (R-REC-2)."),
    }[found] % {"file": segment.path}
    alert_raise(actor=actor, kind=f"recording.integrity.{found}", severity="critical",
                key=integrity_alert_key(found, segment.pk), target=segment, message=message)
    audit_record(actor=actor, action=f"recording.integrity_{found}", target=segment, data={
        "file": segment.path, "expected_sha256": segment.sha256, "found_sha256": sha256})
    return segment


def check_segment(segment: Segment) -> tuple[str, str]:
    path = storage.absolute(segment.path)
    try:
        digest, size = storage.sha256_of(path)
    except FileNotFoundError:
        return IntegrityState.MISSING, ""
    if digest != segment.sha256 or size != segment.bytes:
        return IntegrityState.CHANGED, digest
    return IntegrityState.OK, digest


def verify_segments(*, actor, segments) -> dict:
    counts = {"ok": 0, "changed": 0, "missing": 0}
    for segment in segments.iterator(chunk_size=500):
        found, digest = check_segment(segment)
        record_integrity(actor=actor, segment=segment, found=found, sha256=digest)
        counts[found] += 1
    return counts


@service
def quarantine_unknown(*, actor, relpath: str) -> str:
    moved = storage.quarantine(storage.absolute(relpath))
    kept = moved.relative_to(storage.root()).as_posix()
    alert_raise(actor=actor, kind="recording.integrity.unknown", severity="critical",
                key=integrity_alert_key("unknown", relpath),
                target=_place(relpath, "recording.file"),
                message=_("An unknown file %(file)s was found among the recordings and moved "
                          "to %(kept)s (R-REC-2).") % {"file": relpath, "kept": kept})
    audit_record(actor=actor, action="recording.integrity_unknown_file",
                 target=_place(relpath, "recording.file"), data={"quarantined_as": kept})
    return kept


def find_unknown_files() -> list[str]:
    """Files on disk that the catalogue does not know, camera folder by camera folder."""
    unknown = []
    by_dir: dict[str, list[str]] = defaultdict(list)
    for relpath in storage.walk_segments():
        by_dir[relpath.split("/", 1)[0]].append(relpath)
    for top, paths in by_dir.items():
        known = set(Segment.objects.filter(path__startswith=f"{top}/").values_list(
            "path", flat=True))
        unknown += [p for p in paths if p not in known]
    return sorted(unknown)


def reconcile(*, actor, include_incoming: bool = False) -> dict:
    """Catalogue against disk: unknown files are quarantined (never deleted), missing
    files raise an alarm. An empty or lost catalogue therefore never deletes footage."""
    report = {"unknown": [], "missing": 0, "incoming": []}
    if include_incoming:
        from watchroom.recording import salvage

        report["incoming"] = salvage.salvage_incoming(actor=actor)
    for relpath in find_unknown_files():
        report["unknown"].append(quarantine_unknown(actor=actor, relpath=relpath))
    for segment in Segment.objects.filter(state=SegmentState.SEALED).only(
            "id", "path", "integrity", "sha256", "bytes").iterator(chunk_size=2000):
        if not storage.absolute(segment.path).exists():
            record_integrity(actor=actor, segment=segment, found=IntegrityState.MISSING)
            report["missing"] += 1
    return report


# --- storage (R-REC-2, R-REC-6) ------------------------------------------------------


@service
def report_disk_full(*, actor, detail: str, folder: str):
    alert, created = alert_raise(
        actor=actor, kind="recording.disk_full", severity="critical", key="recording.disk_full",
        target=_place(folder),
        message=_("Recording has stopped: the recordings storage is full (%(detail)s). "
                  "Nothing inside retention is deleted to make room (R-REC-2).") % {
                      "detail": detail})
    if created:
        audit_record(actor=actor, action="recording.disk_full", target=_place(folder),
                     data={"detail": detail})
    return alert


@service
def resolve_disk_full(*, actor):
    alert = alert_close(actor=actor, key="recording.disk_full",
                        note=_("Storage has room again; recording resumed."))
    if alert is not None:
        audit_record(actor=actor, action="recording.disk_space_restored", target=alert)
    return alert


# --- backup (R-REC-5) ------------------------------------------------------------------


@service
def _mark_backed_up(*, actor, ids: list[int], target: str, failed: list[str]) -> None:
    now = timezone.now()
    Segment.objects.filter(pk__in=ids).update(backed_up_at=now)
    audit_record(actor=actor, action="recording.backed_up",
                 target=_place(target, "recording.backup"),
                 data={"segments": len(ids), "failed": failed[:50]})
    if failed:
        alert_raise(actor=actor, kind="recording.backup", severity="warning",
                    key=f"recording.backup:{target}", target=_place(target, "recording.backup"),
                    message=_("%(count)s recording(s) could not be copied to the backup "
                              "store %(target)s (R-REC-5).") % {"count": len(failed),
                                                                "target": target})


def backup_segments(*, actor, store, limit: int = 1000) -> dict:
    """Copy sealed segments not yet backed up; each copy is re-read and its hash compared."""
    done, failed = [], []
    pending = Segment.objects.filter(state=SegmentState.SEALED, backed_up_at__isnull=True,
                                     integrity=IntegrityState.OK).order_by("start")[:limit]
    for segment in pending:
        try:
            digest = store.put(segment.path, storage.absolute(segment.path))
        except Exception as exc:
            logger.warning("backup of %s failed: %s", segment.path, exc)
            failed.append(segment.path)
            continue
        if digest == segment.sha256:
            done.append(segment.pk)
        else:
            failed.append(segment.path)
    if done or failed:
        _mark_backed_up(actor=actor, ids=done, target=store.label, failed=failed)
    return {"copied": len(done), "failed": failed}


def backup_check(*, store, deep: bool = False) -> list[dict]:
    """Per camera and day: segments the backup lacks, or holds with another size (or,
    with `deep`, another hash)."""
    report: dict[tuple[str, str], dict] = {}
    for top in {p.split("/", 1)[0] for p in Segment.objects.filter(
            state=SegmentState.SEALED).values_list("path", flat=True)}:
        copies = store.sizes(top + "/")
        for seg in Segment.objects.filter(state=SegmentState.SEALED, path__startswith=f"{top}/"
                                          ).select_related("camera").order_by("start"):
            day = timezone.localtime(seg.start).date().isoformat()
            entry = report.setdefault((seg.camera.code, day), {
                "camera": seg.camera.code, "day": day, "segments": 0, "missing": [],
                "altered": []})
            entry["segments"] += 1
            size = copies.get(seg.path)
            if size is None:
                entry["missing"].append(seg.path)
            elif size != seg.bytes or (deep and store.digest(seg.path) != seg.sha256):
                entry["altered"].append(seg.path)
    return sorted(report.values(), key=lambda e: (e["camera"], e["day"]))


# --- viewing (R-FOOT-1, R-DUTY-5) --------------------------------------------------------


@service
def open_playback(*, actor, camera: Camera, start=None, end=None, now=None) -> list[Segment]:
    """The segments a user may watch, each viewing audited."""
    from watchroom.recording import access

    now = now or timezone.now()
    if start is None or end is None:
        grant = access.playback_grant(actor, camera, now)
        start, end = grant.start, grant.end
    grant = access.authorize(actor, camera, start, end, now)
    segments = list(Segment.objects.filter(
        camera=camera, state=SegmentState.SEALED, start__lt=end, end__gt=start,
    ).order_by("start"))
    audit_record(actor=actor, action="recording.playback", target=camera, data={
        "start": _iso(start), "end": _iso(end), "basis": grant.basis,
        "segments": [s.pk for s in segments]})
    return segments


@service
def report_storage_short(*, actor, projection):
    alert, created = alert_raise(
        actor=actor, kind="recording.storage_projection", severity="warning",
        key="recording.storage_projection", target=_place(str(storage.root())),
        message=_("At the current rate the recordings storage holds %(days).0f days of "
                  "footage, less than the %(retention)s days retention requires (R-REC-1).") % {
                      "days": projection.capacity_days,
                      "retention": projection.longest_retention_days})
    if created:
        audit_record(actor=actor, action="recording.storage_short",
                     target=_place(str(storage.root())),
                     data={"capacity_days": round(projection.capacity_days, 1),
                           "retention_days": projection.longest_retention_days})
    return alert


@service
def clear_storage_short(*, actor):
    return alert_close(actor=actor, key="recording.storage_projection",
                       note=_("Storage projection is back above retention."))
