"""The backup (R-REC-5): a second copy of every sealed segment, each copy re-read and
its hash compared; and, per camera and day, what the second store lacks."""

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.times import local
from watchroom.recording import storage
from watchroom.recording.choices import IntegrityState, SegmentState
from watchroom.recording.models import Segment
from watchroom.service import service

logger = logging.getLogger("watchroom.recording")


@service
def _segments_mark_backed_up(*, actor, ids: list[int], target: str, failed: list[str]) -> None:
    now = timezone.now()
    Segment.objects.filter(pk__in=ids).update(backed_up_at=now)
    audit_record(actor=actor, action="recording.backed_up",
                 target=storage.audit_target(target, "recording.backup"),
                 data={"segments": len(ids), "failed": failed[:50]})
    if failed:
        alert_raise(actor=actor, kind="recording.backup", severity="warning",
                    key=f"recording.backup:{target}",
                    target=storage.audit_target(target, "recording.backup"),
                    message=_("%(count)s recording(s) could not be copied to the backup "
                              "store %(target)s (R-REC-5).") % {"count": len(failed),
                                                                "target": target})


def backup_run(*, actor, store, limit: int = 1000) -> dict:
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
        _segments_mark_backed_up(actor=actor, ids=done, target=store.label, failed=failed)
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
            day = local(seg.start).date().isoformat()
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
