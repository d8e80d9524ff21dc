"""Where segments live on disk, and how a file is put there durably.

Layout under the recordings folder:
    <camera>/<YYYY>/<MM>/<DD>/<HH>/<camera>_<YYYYMMDDTHHMMSS.mmm>Z.mp4   sealed segments (UTC)
    .incoming/                                                          segments being written
    .quarantine/<YYYYMMDDTHHMMSS>/<original path>                       never deleted by software
    .recorder.lock                                       held by the running recorder
"""

import datetime as dt
import os
import re
import shutil
from pathlib import Path

from django.conf import settings

from watchroom.core import files

INCOMING = ".incoming"
QUARANTINE = ".quarantine"
RECORDER_LOCK = ".recorder.lock"  # see recording.locking
_UNSAFE = re.compile(r"[^\w.-]+")


def root() -> Path:
    path = Path(settings.WATCHROOM["RECORDINGS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def incoming_dir() -> Path:
    path = root() / INCOMING
    path.mkdir(parents=True, exist_ok=True)
    return path


def camera_dir_name(camera_id: int, code: str) -> str:
    return f"{camera_id:05d}-{_UNSAFE.sub('_', code)[:40]}"


def segment_relpath(camera_id: int, code: str, start: dt.datetime) -> str:
    utc = start.astimezone(dt.UTC)
    name = camera_dir_name(camera_id, code)
    stamp = utc.strftime("%Y%m%dT%H%M%S.") + f"{utc.microsecond // 1000:03d}Z"
    return f"{name}/{utc:%Y/%m/%d/%H}/{name}_{stamp}.mp4"


def absolute(relpath: str) -> Path:
    return root() / relpath


def place(temp: Path, relpath: str) -> Path:
    """temp file → fsync → rename into the layout (never over a file) → folder fsync."""
    return files.durable_move(temp, absolute(relpath))


def free_bytes() -> int:
    return shutil.disk_usage(root()).free


def quarantine(path: Path, stamp: dt.datetime | None = None) -> Path:
    """Move a file out of the way, keeping it: software never deletes footage it cannot
    account for."""
    base = root()
    stamp = (stamp or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S")
    try:
        relative = path.relative_to(base)
    except ValueError:
        relative = Path(path.name)
    target = base / QUARANTINE / stamp / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while target.exists():
        target = target.with_name(f"{target.stem}.{n}{target.suffix}")
        n += 1
    os.rename(path, target)
    files.fsync_dir(target.parent)
    return target


def walk_segments():
    """Every file under the recordings folder outside .incoming and .quarantine, as
    relative POSIX paths."""
    base = root()
    for dirpath, dirnames, filenames in os.walk(base):
        if Path(dirpath) == base:
            dirnames[:] = [d for d in dirnames if d not in (INCOMING, QUARANTINE)]
            filenames = [f for f in filenames if f != RECORDER_LOCK]
        for name in filenames:
            yield Path(dirpath, name).relative_to(base).as_posix()


def audit_target(path: str, kind: str = "recording.storage") -> tuple[str, str, str]:
    """An audit/alert target for a folder or file: the path is its label."""
    return kind, "", path[-300:]


def remove_empty_parents(path: Path) -> None:
    base = root()
    parent = path.parent
    while parent != base and base in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent
