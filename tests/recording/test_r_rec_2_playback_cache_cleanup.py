"""The playback cache (cuts, H.264 viewing copies) does not grow forever: the scheduled
cleanup removes what was not used for the idle time, then the least recently used until
the cache is under its size bound; crash leftovers go when old; the originals are never
touched (R-REC-2, R-REC-3)."""

import datetime as dt
import fcntl
import os
import time

import pytest
from django.utils import timezone

from watchroom import scheduler
from watchroom.core import files
from watchroom.recording import playback_cache, storage, viewing_copies

from .test_r_foot_5_h265_copies_made_ahead import hevc_clip

pytestmark = pytest.mark.django_db
HOUR = 3600


@pytest.fixture
def cache(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "EXPORTS_DIR": tmp_path / "exports",
                          "PLAYBACK_CACHE_IDLE_HOURS": 24, "PLAYBACK_CACHE_MAX_MB": 1}
    folder = viewing_copies.cache_dir()
    folder.mkdir(parents=True)
    return folder


def _file(folder, name: str, size: int, used_hours_ago: float):
    path = folder / name
    path.write_bytes(b"\0" * size)
    when = time.time() - used_hours_ago * HOUR
    os.utime(path, (when, when))
    return path


def test_r_rec_2_unused_copies_go_then_the_oldest_until_under_the_bound(cache):
    stale = _file(cache, "1-aaaa-h264.mp4", 1000, used_hours_ago=30)
    old = _file(cache, "2-bbbb-h264.mp4", 600_000, used_hours_ago=5)
    recent = _file(cache, "3-cccc-h264.mp4", 600_000, used_hours_ago=1)
    newest = _file(cache, "4-dddd-1000-2000.mp4", 100_000, used_hours_ago=0)
    result = playback_cache.clean()
    assert not stale.exists()  # unused for more than a day
    assert not old.exists()  # 1.3 MB over the 1 MB bound: the least recently used goes
    assert recent.exists() and newest.exists()
    assert result.removed == 2 and result.kept_bytes == 700_000


def test_r_rec_2_a_copy_served_counts_as_used(make_camera, seal_file, cache, tmp_path):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=5), seconds=4,
                        content=hevc_clip(tmp_path / "c.mp4", 4, 10))
    assert viewing_copies.h264_copy_make(segment)
    copy = viewing_copies.copy_path(segment)
    long_ago = time.time() - 30 * HOUR
    os.utime(copy, (long_ago, long_ago))
    viewing_copies.served_file(segment, segment.start, segment.end, h264=True)
    playback_cache.clean()
    assert copy.exists()
    playback_cache.clean(now=time.time() + 25 * HOUR)
    assert not copy.exists()


def test_r_rec_2_crash_leftovers_go_when_old_and_held_locks_stay(cache):
    part = _file(cache, ".5-eeee-h264.mp4.123.456.part", 5000, used_hours_ago=2)
    fresh = _file(cache, ".6-ffff-h264.mp4.123.456.part", 5000, used_hours_ago=0)
    lock = _file(cache, ".5-eeee-h264.mp4.lock", 0, used_hours_ago=2)
    held = _file(cache, ".6-ffff-h264.mp4.lock", 0, used_hours_ago=2)
    with open(held, "a") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        playback_cache.clean()
    assert not part.exists() and not lock.exists()
    assert fresh.exists() and held.exists()  # a maker at work keeps its files


def test_r_rec_3_the_cleanup_never_touches_an_original(make_camera, seal_file, cache,
                                                        settings, tmp_path):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=5), seconds=4,
                        content=hevc_clip(tmp_path / "c.mp4", 4, 10))
    original = storage.absolute(segment.path)
    sealed = files.sha256_file(original)
    long_ago = time.time() - 300 * HOUR
    os.utime(original, (long_ago, long_ago))
    viewing_copies.h264_copy_make(segment)
    playback_cache.clean(max_bytes=0, idle_hours=0)
    assert not list(cache.glob("*.mp4")) and files.sha256_file(original) == sealed
    # a cache folder set inside the recordings is refused, not cleaned
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": cache.parent}
    kept = _file(cache, "7-gggg-h264.mp4", 1000, used_hours_ago=300)
    assert playback_cache.clean(max_bytes=0, idle_hours=0).removed == 0
    assert kept.exists()


def test_the_cleanup_is_a_scheduled_job():
    assert "watchroom.recording.tasks.playback_cache_clean_task" in {
        job.task for job in scheduler.jobs()}
