"""What a recorder that died (kill -9, power loss) left in .incoming (R-REC-2, R-REC-6).

The file being written is a fragmented MP4: every complete fragment in it is footage
that can be played. That readable part is sealed as a segment marked recovered; the
whole file as found is kept in quarantine; people are told (an alert and an audit
event); and the seconds after the readable part are a gap until recording resumes.
"""

import datetime as dt
import logging
import re
import struct
from pathlib import Path

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.services import alert_raise
from watchroom.audit.services import audit_record
from watchroom.core.times import local_text, utc_iso
from watchroom.devices.models import Camera
from watchroom.recording import storage
from watchroom.recording.choices import SourceCause
from watchroom.recording.models import Recovery, Segment
from watchroom.recording.recorder import fragments, sealing
from watchroom.recording.services import gap_open, segment_seal
from watchroom.service import service

logger = logging.getLogger("watchroom.recorder")

# <camera id>-<start, ms since the epoch>-<random>.mp4.part (segmenter.incoming_name);
# older files carry no start.
_NAME = re.compile(r"^(\d{5})-(?:(\d{13})-)?[0-9a-f]{32}\.mp4\.part$")


def readable_prefix(data: bytes) -> int:
    """Bytes up to the end of the last whole fragment (moof followed by its mdat); 0 if
    not even one fragment is whole."""
    offset = good = 0
    moov = moof = False
    while offset + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            if offset + 16 > len(data):
                break
            size, header = struct.unpack_from(">Q", data, offset + 8)[0], 16
        if size < header or offset + size > len(data):
            break
        if kind == b"moov":
            moov = True
        elif kind == b"moof":
            moof = True
        elif kind == b"mdat" and moov and moof:
            good, moof = offset + size, False
        offset += size
    return good


def salvage_incoming(*, actor) -> list[str]:
    """Every file in .incoming, salvaged and kept; the names they are kept under."""
    kept = []
    for path in sorted(storage.incoming_dir().iterdir()):
        if path.is_file():
            kept.append(salvage_file(actor=actor, path=path))
    return kept


def salvage_file(*, actor, path: Path) -> str:
    match = _NAME.match(path.name)
    camera = Camera.objects.filter(pk=int(match[1])).first() if match else None
    started = (dt.datetime.fromtimestamp(int(match[2]) / 1000, dt.UTC)
               if match and match[2] else None)
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    moved = storage.quarantine(path)
    quarantined_as = moved.relative_to(storage.root()).as_posix()
    placed = None
    if camera is not None and started is not None:
        placed = _place_readable(camera, started, data, path.name)
    if placed is None:
        logger.warning("unfinished file %s: nothing readable, kept as %s", path.name,
                       quarantined_as)
    else:
        logger.warning("unfinished file %s: %.1f s recovered, kept as %s", path.name,
                       (placed["end"] - placed["start"]).total_seconds(), quarantined_as)
    recovery_record(actor=actor, camera=camera, started=started,
                      quarantined_as=quarantined_as, placed=placed)
    return quarantined_as


def _place_readable(camera, started, data: bytes, name: str) -> dict | None:
    length = readable_prefix(data)
    if not length:
        return None
    temp = storage.incoming_dir() / (name.removesuffix(".mp4.part") + ".recovered.mp4")
    temp.write_bytes(data[:length])
    try:
        layout = fragments.read_layout(data[:length])
        seconds = layout.duration_ticks / layout.timescale
        probe = sealing.probe(temp, seconds)
    except (fragments.Malformed, IndexError, struct.error):
        probe = None
    if probe is None or not probe.ok or seconds <= 0:
        temp.unlink()  # a copy; the file as found is in quarantine
        return None
    last = Segment.objects.filter(camera=camera).aggregate(last=Max("end"))["last"]
    start = max(started, last) if last else started
    end = start + dt.timedelta(seconds=seconds)
    relpath = storage.segment_relpath(camera.pk, camera.code, start)
    storage.place(temp, relpath)
    return {"start": start, "end": end, "relpath": relpath, "size": probe.size,
            "sha256": probe.sha256}


@service
def recovery_record(*, actor, camera, started, quarantined_as: str,
                      placed: dict | None) -> Recovery:
    now = timezone.now()
    segment = None
    if placed is not None:
        segment = segment_seal(actor=actor, camera_id=camera.pk, start=placed["start"],
                               end=placed["end"], relpath=placed["relpath"],
                               size=placed["size"], sha256=placed["sha256"])
    recovery = Recovery.objects.create(
        camera=camera, segment=segment, quarantined_as=quarantined_as, started=started,
        readable_until=placed["end"] if placed else None, found_at=now)
    target = camera if camera is not None else ("recording.file", "", quarantined_as[-300:])
    if placed is not None:
        message = _("The recorder stopped while writing camera %(camera)s: %(seconds).1f s "
                    "from %(start)s were recovered and sealed; the file as found is kept "
                    "as %(kept)s (R-REC-2).")
    else:
        message = _("The recorder stopped while writing camera %(camera)s: nothing in the "
                    "file could be read; it is kept as %(kept)s (R-REC-2).")
    alert_raise(actor=actor, kind="recording.unfinished", severity="critical",
                key=f"recording.unfinished:{quarantined_as}"[:200], target=target,
                message=message % {
                    "camera": str(camera) if camera else "?", "kept": quarantined_as,
                    "seconds": (placed["end"] - placed["start"]).total_seconds() if placed
                    else 0,
                    "start": local_text(placed["start"], "%Y-%m-%d %H:%M:%S")
                    if placed else ""})
    audit_record(actor=actor, action="recording.unfinished_file", target=target, data={
        "camera": camera.code if camera else None, "quarantined_as": quarantined_as,
        "started": utc_iso(started) if started else None,
        "recovered_segment": segment.pk if segment else None,
        "readable_until": utc_iso(placed["end"]) if placed else None})
    if camera is not None:
        since = placed["end"] if placed else started
        if since is None:
            since = Segment.objects.filter(camera=camera).aggregate(last=Max("end"))["last"]
        if since is not None:
            gap_open(actor=actor, camera=camera, since=since, now=now,
                          cause=SourceCause.RECORDER_STOPPED)
    return recovery
