"""Checking a finished file before it enters the catalogue: its structure is whole, its
first picture decodes, its duration matches the time it claims to cover; and its
SHA-256. For a file this process wrote, hash and structure were taken from the bytes
on their way to the file (sink.Sink); any other file (a salvaged one, or one whose
bytes did not tell) is read once for both."""

import hashlib
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import av

from watchroom.recording.recorder import fragments
from watchroom.recording.recorder.sink import Written


@dataclass(frozen=True)
class Probe:
    ok: bool
    seconds: float
    packets: int
    problem: str = ""
    sha256: str = ""
    size: int = 0


def probe(path: Path, expected_seconds: float) -> Probe:
    """Every fragment's timing and sample sizes are read from the bytes (they must lie
    inside the media data, in time order, starting on a keyframe), and the first picture
    is decoded with the codec configuration the file carries."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Probe(False, 0.0, 0, f"unreadable: {exc}")
    digest, size = hashlib.sha256(data).hexdigest(), len(data)
    try:
        layout = fragments.read_layout(data)
    except (fragments.Malformed, IndexError, struct.error) as exc:
        return Probe(False, 0.0, 0, f"malformed: {exc}", digest, size)
    return _verdict(layout, expected_seconds, digest, size)


def check(path: Path, written: Written | None, expected_seconds: float) -> Probe:
    """The same check as probe, from what was seen while the file was written; the file
    is read only when that does not tell for certain, or when it is not the size that
    was written."""
    if written is None:
        return probe(path, expected_seconds)
    try:
        on_disk = path.stat().st_size
    except OSError as exc:
        return Probe(False, 0.0, 0, f"unreadable: {exc}")
    if on_disk != written.size:
        return probe(path, expected_seconds)
    try:
        layout = written.index.layout()
    except fragments.Incomplete:
        return probe(path, expected_seconds)
    return _verdict(layout, expected_seconds, written.sha256, written.size)


def _verdict(layout: fragments.Layout, expected_seconds: float, digest: str,
             size: int) -> Probe:
    if not _decodes(layout):
        return Probe(False, 0.0, layout.samples, "no picture decodes", digest, size)
    seconds = layout.duration_ticks / layout.timescale
    if abs(seconds - expected_seconds) > max(2.0, 0.2 * expected_seconds):
        return Probe(False, seconds, layout.samples,
                     f"covers {seconds:.1f} s of video, expected {expected_seconds:.1f} s",
                     digest, size)
    return Probe(True, seconds, layout.samples, "", digest, size)


_decoders = threading.local()


def _decoder(layout: fragments.Layout):
    """One decoder per sealer thread and codec configuration: a camera's segments share
    it, and opening a decoder costs as much as decoding a picture."""
    key = (layout.codec, layout.extradata)
    if getattr(_decoders, "key", None) != key:
        decoder = av.CodecContext.create(layout.codec, "r")
        decoder.thread_count = 1
        decoder.extradata = layout.extradata
        _decoders.key, _decoders.decoder = key, decoder
    return _decoders.decoder


def _decodes(layout: fragments.Layout) -> bool:
    decoder = _decoder(layout)
    try:
        frames = decoder.decode(av.Packet(layout.first_sample))
        if not frames:
            frames = decoder.decode(None)
            _decoders.key = None  # drained: a decoder is not reused after end of stream
    except (av.FFmpegError, ValueError):
        _decoders.key = None
        return False
    finally:
        if _decoders.key is not None:
            decoder.flush_buffers()
    return bool(frames) and frames[0].width > 0 and frames[0].format is not None
