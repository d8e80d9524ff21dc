"""Checking a finished file before it enters the catalogue: it decodes and its
duration matches the time it claims to cover."""

from dataclasses import dataclass
from pathlib import Path

import av


@dataclass(frozen=True)
class Probe:
    ok: bool
    seconds: float
    packets: int
    problem: str = ""


def probe(path: Path, expected_seconds: float) -> Probe:
    """Open the file as a player would: FFmpeg decodes its first picture to learn the
    pixel format (one decoder thread: a single picture needs no more), then every
    packet is read to measure the duration."""
    try:
        with av.open(str(path), options={"threads": "1"}) as container:
            stream = container.streams.video[0]
            if stream.codec_context.pix_fmt is None or not stream.codec_context.width:
                return Probe(False, 0.0, 0, "no picture decodes")
            first = last = None
            packets = 0
            for packet in container.demux(stream):
                if packet.size == 0:
                    continue
                ts = packet.pts if packet.pts is not None else packet.dts
                if ts is not None:
                    first = ts if first is None else min(first, ts)
                    last = ts if last is None else max(last, ts)
                packets += 1
    except (av.FFmpegError, IndexError, OSError) as exc:
        return Probe(False, 0.0, 0, f"unreadable: {exc}")
    if packets == 0 or first is None:
        return Probe(False, 0.0, 0, "no video packets")
    seconds = float((last - first) * stream.time_base)
    frame = seconds / max(packets - 1, 1)
    covered = seconds + frame
    if abs(covered - expected_seconds) > max(2.0, 0.2 * expected_seconds):
        return Probe(False, seconds, packets,
                     f"covers {seconds:.1f} s of video, expected {expected_seconds:.1f} s")
    return Probe(True, seconds, packets)
