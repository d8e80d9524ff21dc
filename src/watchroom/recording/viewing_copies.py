"""What a player is sent of a segment: the sealed file itself when the entitled part
covers all of it, else only that part, cut once and kept beside the other playback cuts;
for a browser that cannot decode H.265, a viewing copy transcoded to H.264 (the bundled
FFmpeg's libx264), kept there too. The original is only ever read.

A viewing copy takes tens of CPU seconds a minute of footage, so a request never makes
one: it is made ahead by a background task (`h264_copy_make`, one maker per segment
under a lock, written to a part file renamed into place when whole), and a request for
one not yet made is answered at once with `Preparing`."""

import datetime as dt
import fcntl
import functools
import logging
import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import av
import imageio_ffmpeg
from django.conf import settings

from watchroom.core.files import durable_move
from watchroom.recording import cutting, storage
from watchroom.recording.cutting import CutError, SegmentChanged

__all__ = ["CutError", "Preparing", "SegmentChanged", "Served", "cache_dir", "media_facts",
           "served_file"]
logger = logging.getLogger("watchroom.recording")

H264_COPY = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p",
             "-force_key_frames", "expr:gte(t,n_forced*2)", "-an", "-sn", "-dn",
             "-movflags", "frag_keyframe+empty_moov+default_base_moof"]


def cache_dir() -> Path:
    return Path(settings.WATCHROOM["EXPORTS_DIR"]) / "playback"


@dataclass(frozen=True)
class Facts:
    codec: str  # the Media Source Extensions codec string: avc1.64001f, hvc1.1.6.L93.B0
    frame: float  # seconds per picture


class Preparing(Exception):
    """The H.264 viewing copy a request needs is not made yet."""

    def __init__(self, segment):
        super().__init__(f"the H.264 viewing copy of segment {segment.pk} is being prepared")
        self.segment = segment


@dataclass(frozen=True)
class Served:
    path: Path
    codec: str
    transcoded: bool


def _hevc_string(tag: str, config: bytes) -> str:
    """ISO/IEC 14496-15 annex E: the codec string from an hvcC box's body."""
    space = "ABC"[(config[1] >> 6) - 1] if config[1] >> 6 else ""
    tier = "H" if config[1] & 0x20 else "L"
    profile = config[1] & 0x1F
    compat = int.from_bytes(config[2:6], "big")
    reversed_compat = int(f"{compat:032b}"[::-1], 2)
    constraints = config[6:12].rstrip(b"\0")
    parts = [tag, f"{space}{profile}", f"{reversed_compat:x}", f"{tier}{config[12]}"]
    parts += [f"{b:x}" for b in constraints]
    return ".".join(parts)


@functools.lru_cache(maxsize=4096)
def _facts(path: str, _size: int, _mtime: int) -> Facts:
    with av.open(path) as container:
        stream = container.streams.video[0]
        context = stream.codec_context
        extradata = bytes(context.extradata or b"")
        rate = stream.average_rate or stream.guessed_rate
        frame = float(1 / rate) if rate else 0.04
        if context.name == "h264" and len(extradata) >= 4 and extradata[0] == 1:
            return Facts(f"avc1.{extradata[1]:02x}{extradata[2]:02x}{extradata[3]:02x}", frame)
        if context.name == "hevc" and len(extradata) >= 23 and extradata[0] == 1:
            tag = stream.codec_tag if stream.codec_tag in ("hvc1", "hev1") else "hvc1"
            return Facts(_hevc_string(tag, extradata), frame)
        return Facts(context.name, frame)


def media_facts(path: Path) -> Facts:
    """The codec string and picture duration of an MP4 file (read from its header); an
    unreadable file has no codec to tell."""
    try:
        stat = path.stat()
        return _facts(str(path), stat.st_size, stat.st_mtime_ns)
    except (av.error.FFmpegError, OSError, IndexError):
        return Facts("", 0.04)


def is_hevc(codec: str) -> bool:
    return codec.startswith(("hvc1", "hev1", "hevc"))


def _part(folder: Path, name: str) -> Path:
    return folder / f".{name}.{os.getpid()}.{threading.get_ident()}.part"


def transcode_h264(source: Path, target: Path) -> float:
    """Write an H.264 viewing copy of `source` to `target`; returns the CPU seconds the
    encoder used (user + system)."""
    process = subprocess.Popen(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y",
         "-i", str(source), "-map", "0:v:0", *H264_COPY, "-f", "mp4", str(target)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        raise CutError(f"{source.name}: the H.264 viewing copy failed: {error.strip()[:300]}")
    return usage.ru_utime + usage.ru_stime


def copy_path(segment) -> Path:
    return cache_dir() / f"{segment.pk}-{segment.sha256[:16]}-h264.mp4"


def used(path: Path) -> None:
    """Mark a cached file as just used (its access time; the cleanup's clock)."""
    try:
        stat = path.stat()
        if time.time() - stat.st_atime > 60:
            os.utime(path, ns=(time.time_ns(), stat.st_mtime_ns))
    except OSError:
        pass


def h264_copy_make(segment) -> bool:
    """Make the H.264 viewing copy of an H.265 segment unless it exists or another process
    is making it (a lock per copy); the sealed file is checked against its hash first and
    never changed. A crash leaves only a part file, never a copy. True when made here."""
    target = copy_path(segment)
    if target.exists():
        return False
    path = storage.absolute(segment.path)
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".{target.name}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # being made by another task or process
        if target.exists():
            return False
        part = _part(folder, target.name)
        try:
            cutting.check_sealed(cutting.Piece(path, segment.start, segment.sha256))
            cpu = transcode_h264(path, part)
            durable_move(part, target, replace=True)
        except (CutError, SegmentChanged) as exc:
            _failed_mark(segment).write_text(str(exc)[:500])  # the player is told, not kept waiting
            raise
        finally:
            part.unlink(missing_ok=True)
        _failed_mark(segment).unlink(missing_ok=True)
    seconds = max((segment.end - segment.start).total_seconds(), 0.001)
    logger.info("H.264 viewing copy of segment %s: %.2f CPU s for %.1f s of footage "
                "(%.2f CPU s a minute)", segment.pk, cpu, seconds, cpu * 60 / seconds)
    return True


def needs_copy(segment, *, h264: bool, whole: bool = True) -> bool:
    """Whether serving `segment` takes its H.264 viewing copy (asked, or to cut H.265)."""
    path = storage.absolute(segment.path)
    return is_hevc(media_facts(path).codec) and (h264 or not whole)


def _failed_mark(segment) -> Path:
    return cache_dir() / f".{copy_path(segment).name}.failed"


def copy_ready(segment) -> bool:
    return copy_path(segment).exists()


def served_file(segment, start: dt.datetime, end: dt.datetime, *, h264: bool) -> Served:
    """The file a player gets for [start, end) of `segment` (already entitled): the
    original, or its cut, or the H.264 copy (whole or cut) when `h264` is asked or when an
    H.265 segment must be cut (cuts are made of H.264 only). A copy not made yet raises
    `Preparing` at once."""
    path = storage.absolute(segment.path)
    whole = start <= segment.start and segment.end <= end
    source, transcoded = path, False
    if needs_copy(segment, h264=h264, whole=whole):
        source, transcoded = copy_path(segment), True
        if not source.exists():
            failed = _failed_mark(segment)
            if failed.exists():  # the cleanup removes the mark within hours: tried again
                raise CutError(failed.read_text(errors="replace"))
            raise Preparing(segment)
        used(source)
    if whole:
        return Served(source, media_facts(source).codec, transcoded)
    name = (f"{segment.pk}-{segment.sha256[:16]}{'-h264' if transcoded else ''}-"
            f"{int(start.timestamp() * 1000)}-{int(end.timestamp() * 1000)}.mp4")
    if not transcoded and not (cache_dir() / name).exists():
        cutting.check_sealed(cutting.Piece(path, segment.start, segment.sha256))
    cut = cutting.cached_cut(source, segment.start, start, end, cache_dir(), name)
    used(cut)
    return Served(cut, media_facts(cut).codec, transcoded)
