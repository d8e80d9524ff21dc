"""Checking a finished file before it enters the catalogue: its structure is whole, its
first picture decodes, its duration matches the time it claims to cover; and its
SHA-256, from the same single read of the file."""

import hashlib
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

import av

from watchroom.recording.recorder import fragments


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
