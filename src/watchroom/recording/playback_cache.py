"""The playback cache's cleanup (cuts and H.264 viewing copies, `viewing_copies.cache_dir`):
files not used for PLAYBACK_CACHE_IDLE_HOURS go, then the least recently used until the
cache is under PLAYBACK_CACHE_MAX_MB; part files a crash left and unheld locks go when
old. Only regular files directly inside the cache folder are ever removed; a cache folder
that is, or lies inside, the recordings folder is refused (originals are only read,
R-REC-2, R-REC-3)."""

import fcntl
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from watchroom.recording.viewing_copies import cache_dir

logger = logging.getLogger("watchroom.recording")
LEFTOVER_S = 3600  # a part file or lock this old belongs to no running maker


@dataclass
class Cleaned:
    removed: int = 0
    freed: int = 0
    kept: int = 0
    kept_bytes: int = 0


def _unsafe(folder: Path) -> bool:
    recordings = Path(settings.WATCHROOM["RECORDINGS_DIR"]).resolve()
    here = folder.resolve()
    return here == recordings or recordings in here.parents or here in recordings.parents


def _last_use(stat: os.stat_result) -> float:
    return max(stat.st_atime, stat.st_mtime)


def _unheld(path: Path) -> bool:
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def clean(*, now: float | None = None, idle_hours: float | None = None,
          max_bytes: int | None = None) -> Cleaned:
    now = time.time() if now is None else now
    idle_s = 3600 * (settings.WATCHROOM["PLAYBACK_CACHE_IDLE_HOURS"]
                     if idle_hours is None else idle_hours)
    limit = (settings.WATCHROOM["PLAYBACK_CACHE_MAX_MB"] * 1024 * 1024
             if max_bytes is None else max_bytes)
    folder = cache_dir()
    result = Cleaned()
    if not folder.is_dir():
        return result
    if _unsafe(folder):
        logger.error("playback cache %s overlaps the recordings; not cleaned", folder)
        return result
    kept = []
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False):
            continue
        path, stat = Path(entry.path), entry.stat(follow_symlinks=False)
        if entry.name.startswith("."):
            old = now - stat.st_mtime > LEFTOVER_S
            if old and (not entry.name.endswith(".lock") or _unheld(path)):
                _remove(path, stat, result)
        elif now - _last_use(stat) > idle_s:
            _remove(path, stat, result)
        else:
            kept.append((_last_use(stat), path, stat))
    total = sum(stat.st_size for _t, _p, stat in kept)
    kept.sort(key=lambda item: item[0])
    while kept and total > limit:
        _t, path, stat = kept.pop(0)
        _remove(path, stat, result)
        total -= stat.st_size
    result.kept, result.kept_bytes = len(kept), total
    if result.removed:
        logger.info("playback cache: %s files removed (%s bytes), %s kept (%s bytes)",
                    result.removed, result.freed, result.kept, result.kept_bytes)
    return result


def _remove(path: Path, stat: os.stat_result, result: Cleaned) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    result.removed += 1
    result.freed += stat.st_size
