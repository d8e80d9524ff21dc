"""The catalogue checked against the audit trail (R-REC-2).

Re-hashing compares the files with the catalogue; someone who can write both the disk
and the database can replace a file and put its new hash and size in the catalogue,
or delete a row with its file. The chain already holds, for every segment, the hash,
size and path it was sealed with (`recording.segment_sealed`) and, per camera and day,
what the retention sweep removed (`recording.expired_deleted`). Every catalogue row
must match its sealed event, every sealed segment must still be catalogued unless the
sweep removed it after its retention, and no row may lack its sealed event.
"""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.models import AuditEvent, AuditPending
from watchroom.audit.services import audit_record
from watchroom.core.times import parse_iso
from watchroom.devices.models import Camera
from watchroom.recording.choices import IntegrityState
from watchroom.recording.models import Segment
from watchroom.service import service

SEALED = "recording.segment_sealed"
SWEPT = "recording.expired_deleted"
ALTERED, DELETED, UNRECORDED = "altered", "deleted", "unrecorded"


@dataclass
class Finding:
    kind: str
    segment_id: int
    path: str
    detail: dict = field(default_factory=dict)


def _events(action: str):
    """(target_id, target_label, data) of sealed and still pending events."""
    for model, order in ((AuditEvent, "seq"), (AuditPending, "id")):
        rows = model.objects.filter(action=action).order_by(order).values_list(
            "target_id", "target_label", "data")
        for target_id, label, data in rows.iterator(chunk_size=5000):
            try:
                yield target_id, label, json.loads(data)
            except ValueError:
                continue


def _when(value) -> dt.datetime | None:
    try:
        return parse_iso(value) if value else None
    except (TypeError, ValueError):
        return None


def _camera_id(path: str) -> int | None:
    head = path.split("/", 1)[0].split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _swept() -> dict[int, list[tuple[dt.datetime, dt.datetime]]]:
    ranges = defaultdict(list)
    for target_id, _label, data in _events(SWEPT):
        first, last = _when(data.get("first")), _when(data.get("last"))
        if target_id.isdigit() and first and last:
            ranges[int(target_id)].append((first, last))
    return ranges


def _was_swept(data: dict, swept, now) -> bool:
    """Removed by the sweep: past its sealed retention, inside a day the sweep audited."""
    keep_until, start, end = (_when(data.get(k)) for k in ("keep_until", "start", "end"))
    camera_id = _camera_id(data.get("file", ""))
    if not (keep_until and start and end and camera_id) or keep_until > now:
        return False
    return any(first <= start and end <= last for first, last in swept.get(camera_id, ()))


def _compare(segment: Segment, data: dict) -> dict:
    found = {"file": segment.path, "bytes": segment.bytes, "sha256": segment.sha256,
             "start": segment.start, "end": segment.end}
    differ = {}
    for name, value in found.items():
        sealed = data.get(name)
        if name in ("start", "end"):
            sealed = _when(sealed)
        if sealed != value:
            differ[name] = {"sealed": str(sealed), "catalogue": str(value)}
    return differ


def check(*, camera: str = "", now=None, chunk: int = 2000) -> list[Finding]:
    """Every difference between the catalogue and the sealed events."""
    now = now or timezone.now()
    swept = _swept()
    findings: list[Finding] = []
    seen: set[int] = set()
    # A camera's code may change; the camera id at the head of a segment's path does not.
    ids = set(Camera.objects.filter(code=camera).values_list("pk", flat=True)) if camera else None
    events = ((int(t), d) for t, _l, d in _events(SEALED)
              if t.isdigit() and (ids is None or _camera_id(d.get("file", "")) in ids))
    while batch := list(islice(events, chunk)):
        rows = Segment.objects.in_bulk([pk for pk, _d in batch])
        for pk, data in batch:
            seen.add(pk)
            segment = rows.get(pk)
            if segment is None:
                if not _was_swept(data, swept, now):
                    findings.append(Finding(DELETED, pk, data.get("file", ""), {
                        "sha256": data.get("sha256"), "bytes": data.get("bytes"),
                        "start": data.get("start"), "keep_until": data.get("keep_until")}))
                continue
            differ = _compare(segment, data)
            if differ:
                findings.append(Finding(ALTERED, pk, segment.path, differ))
    catalogue = Segment.objects.all()
    if camera:
        catalogue = catalogue.filter(camera__code=camera)
    for pk, path in catalogue.values_list("pk", "path").iterator(chunk_size=10000):
        if pk not in seen:
            findings.append(Finding(UNRECORDED, pk, path))
    return findings


def _message(finding: Finding) -> str:
    values = {"file": finding.path, "id": finding.segment_id}
    if finding.kind == ALTERED:
        return _("The catalogue entry of recording %(file)s differs from what the audit trail "
                 "says was sealed (R-REC-2).") % values
    if finding.kind == DELETED:
        return _("Recording %(file)s (segment %(id)s) was sealed but is gone from the "
                 "catalogue, and the retention sweep did not remove it (R-REC-2).") % values
    return _("Recording %(file)s is in the catalogue but was never sealed in the audit "
             "trail (R-REC-2).") % values


@service
def record_finding(*, actor, finding: Finding):
    target = ("recording.segment", finding.segment_id, finding.path)
    alert, created = alert_raise(
        actor=actor, kind=f"recording.integrity.{finding.kind}", severity="critical",
        key=f"recording.integrity.{finding.kind}:{finding.segment_id}", target=target,
        message=_message(finding))
    if finding.kind == ALTERED:
        Segment.objects.filter(pk=finding.segment_id).update(integrity=IntegrityState.CHANGED)
    if created:
        audit_record(actor=actor, action=f"recording.integrity_{finding.kind}", target=target,
                     data={"file": finding.path, **finding.detail})
    return alert


def verify_against_audit(*, actor, camera: str = "") -> dict:
    findings = check(camera=camera)
    for finding in findings:
        record_finding(actor=actor, finding=finding)
    counts = {ALTERED: 0, DELETED: 0, UNRECORDED: 0}
    for finding in findings:
        counts[finding.kind] += 1
    return counts
