"""The backup checked on the worker's schedule (R-REC-5), not only by hand.

Every few hours: every copy the catalogue says was made is still in the backup store
with its size. Once a day: a random sample of copies is fetched back, hashed and
decoded to the last picture; a copy that does not play is not a backup. Each run is
audited; a missing, altered or unplayable copy raises an alert that closes when a
later run finds none.
"""

import logging
import random
import tempfile
from pathlib import Path

import av
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_close, alert_raise
from watchroom.audit.services import audit_record
from watchroom.core import files
from watchroom.core.times import utc_iso
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment
from watchroom.service import service

logger = logging.getLogger("watchroom.recording")
LISTED = 50  # paths named in an audit event or alert, at most


def _target(store) -> tuple[str, str, str]:
    return "recording.backup", "", store.label[-300:]


def _backed_up():
    return Segment.objects.filter(state=SegmentState.SEALED, backed_up_at__isnull=False)


def check_copies(store) -> dict:
    """Copies the catalogue says were made, missing from the store or of another size."""
    missing, altered, checked = [], [], 0
    tops = {p.split("/", 1)[0] for p in _backed_up().values_list("path", flat=True)}
    for top in sorted(tops):
        copies = store.sizes(top + "/")
        for path, size in _backed_up().filter(path__startswith=f"{top}/").values_list(
                "path", "bytes").iterator(chunk_size=5000):
            checked += 1
            found = copies.get(path)
            if found is None:
                missing.append(path)
            elif found != size:
                altered.append(path)
    return {"checked": checked, "missing": missing, "altered": altered}


def plays(path: Path) -> str:
    """Empty when every packet of the file decodes to a picture; else why not."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return "no video stream"
            stream = container.streams.video[0]
            pictures = 0
            for packet in container.demux(stream):
                for frame in packet.decode():
                    pictures += frame.width > 0
            return "" if pictures else "no picture decodes"
    except (av.FFmpegError, ValueError, OSError) as exc:
        return f"does not decode: {exc}"[:200]


def sample_copies(store, size: int) -> dict:
    """Fetch `size` random copies back, compare their hash and decode them."""
    ids = list(_backed_up().values_list("pk", flat=True))
    chosen = Segment.objects.filter(pk__in=random.sample(ids, min(size, len(ids))))
    altered, unplayable, missing = [], [], []
    with tempfile.TemporaryDirectory(prefix="watchroom-backup-check-") as scratch:
        for segment in chosen.order_by("start"):
            copy = Path(scratch) / Path(segment.path).name
            try:
                store.fetch(segment.path, copy)
            except Exception as exc:  # the store's own errors: S3, file system
                logger.warning("backup copy of %s could not be fetched: %s", segment.path, exc)
                missing.append(segment.path)
                continue
            if files.sha256_file(copy) != (segment.sha256, segment.bytes):
                altered.append(segment.path)
            elif problem := plays(copy):
                unplayable.append(f"{segment.path}: {problem}")
            copy.unlink()
    return {"sampled": chosen.count(), "missing": missing, "altered": altered,
            "unplayable": unplayable}


def alert_key(store) -> str:
    return f"recording.backup_check:{store.label}"


@service
def backup_check_record(*, actor, store, result: dict, kind: str) -> dict:
    """Audit one run; alarm on what it found, close the alarm when a run finds nothing."""
    bad = {name: result.get(name, []) for name in ("missing", "altered", "unplayable")}
    audit_record(actor=actor, action=f"recording.backup_{kind}", target=_target(store), data={
        **{k: v for k, v in result.items() if not isinstance(v, list)},
        **{name: len(paths) for name, paths in bad.items()},
        "paths": [p for paths in bad.values() for p in paths][:LISTED]})
    key = f"{alert_key(store)}:{kind}"
    if any(bad.values()):
        first = next(p for paths in bad.values() for p in paths)
        alert_raise(
            actor=actor, kind="recording.backup_check", severity="critical", key=key,
            target=_target(store),
            message=_("The backup store %(store)s is not a whole backup: %(missing)s copy(ies) "
                      "missing, %(altered)s altered, %(unplayable)s that do not play, "
                      "first %(first)s (R-REC-5).") % {
                          "store": store.label, "missing": len(bad["missing"]),
                          "altered": len(bad["altered"]),
                          "unplayable": len(bad["unplayable"]), "first": first})
    else:
        alert_close(actor=actor, key=key, note=_("The backup check found every copy whole."))
    return result


def backup_copies_check(*, actor, store) -> dict:
    return backup_check_record(actor=actor, store=store, result=check_copies(store), kind="checked")


def backup_sample_check(*, actor, store, size: int | None = None) -> dict:
    size = size if size is not None else settings.WATCHROOM["BACKUP_SAMPLE"]
    result = sample_copies(store, size)
    result["at"] = utc_iso(timezone.now())
    return backup_check_record(actor=actor, store=store, result=result, kind="sampled")
