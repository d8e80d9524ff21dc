"""H.264 viewing copies asked ahead: when a player that cannot decode H.265 opens a
playlist, or asks a copy not made yet, the copies of the next segments are queued for
the worker (`tasks.h264_copy_task`), each at most once every QUEUED_S."""

import time

from django.conf import settings

from watchroom.recording import storage, viewing_copies
from watchroom.recording.tasks import h264_copy_task

QUEUED_S = 600


def _queued_recently(segment) -> bool:
    """Touch the copy's queue mark; True when it was already touched within QUEUED_S."""
    folder = viewing_copies.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    mark = folder / f".{viewing_copies.copy_path(segment).name}.queued"
    try:
        if time.time() - mark.stat().st_mtime < QUEUED_S:
            return True
    except FileNotFoundError:
        pass
    mark.touch()
    return False


def prepare(segments, limit: int | None = None) -> int:
    """Queue the copies of the first `limit` H.265 segments of `segments` (in playing
    order) that are not made yet; returns how many were queued."""
    limit = settings.WATCHROOM["PLAYBACK_COPY_AHEAD"] if limit is None else limit
    queued = 0
    for segment in segments[:limit]:
        if not storage.absolute(segment.path).exists():
            continue
        if not viewing_copies.needs_copy(segment, h264=True) or viewing_copies.copy_ready(
                segment):
            continue
        if not _queued_recently(segment):
            h264_copy_task.enqueue(segment.pk)
            queued += 1
    return queued
