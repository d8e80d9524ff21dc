"""Cutting sealed segments to exactly an approved range (R-FOOT-3, R-FOOT-5).

Packets are copied as they are from the first keyframe inside the range to its end. When
the range does not start on a keyframe, only the pictures between its start and that
first keyframe are decoded and encoded again (libx264, pinned options, one thread), so
the same sources and range always give the same bytes. The encoded head carries its own
parameter sets, and every copied keyframe that follows a change of parameters carries the
camera's, in band, so that one MP4 plays through."""

import datetime as dt
import os
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

ENCODER = {"preset": "veryfast", "crf": "16", "tune": "film",
           "x264-params": "scenecut=0:open-gop=0:aud=0:repeat-headers=1"}
ENCODER_NAME = "libx264"
MUXER = {"fflags": "+bitexact"}
SEI, SPS, PPS = 6, 7, 8


class CutError(ValueError):
    """The sources do not hold video that can be cut (not H.264, unreadable, empty)."""


@dataclass(frozen=True)
class Piece:
    """One source segment: its file and the wall-clock time its first picture shows."""

    path: Path
    start: dt.datetime


@dataclass
class Cut:
    """Where the clip was cut, as written into the manifest."""

    first_frame: dt.datetime | None = None
    last_frame_end: dt.datetime | None = None
    frames: int = 0
    reencoded_frames: int = 0
    copied_from: dt.datetime | None = None
    sources_used: list[int] = field(default_factory=list)

    def as_dict(self, iso) -> dict:
        return {"first_frame": iso(self.first_frame) if self.first_frame else None,
                "end_of_last_frame": iso(self.last_frame_end) if self.last_frame_end else None,
                "frames": self.frames, "reencoded_frames": self.reencoded_frames,
                "copied_from_keyframe": iso(self.copied_from) if self.copied_from else None,
                "start_on_keyframe": self.reencoded_frames == 0,
                "encoder": encoder_description()}


def encoder_description() -> str:
    """The encoder and its settings, and the PyAV and FFmpeg that ran them: cutting again
    gives the same bytes with the same versions."""
    options = ":".join(f"{k}={v}" for k, v in sorted(ENCODER.items()))
    return (f"{ENCODER_NAME} {options} threads=1 (first partial GOP only); "
            f"PyAV {av.__version__}, FFmpeg {av.ffmpeg_version_info}")


@dataclass
class _Packet:
    packet: av.Packet
    t: Fraction  # seconds from the range's start
    duration: Fraction
    keyframe: bool
    piece: int


def _nal_units(data: bytes, length_size: int):
    offset = 0
    while offset + length_size <= len(data):
        size = int.from_bytes(data[offset:offset + length_size], "big")
        offset += length_size
        yield data[offset:offset + size]
        offset += size


def _annexb_units(data: bytes):
    units, i, n = [], 0, len(data)
    starts = []
    while i < n - 2:
        if data[i] == 0 and data[i + 1] == 0 and data[i + 2] == 1:
            starts.append(i + 3)
            i += 3
        else:
            i += 1
    for k, begin in enumerate(starts):
        stop = starts[k + 1] - 3 if k + 1 < len(starts) else n
        unit = data[begin:stop]
        while unit.endswith(b"\x00") and k + 1 < len(starts):
            unit = unit[:-1]
        units.append(unit)
    return units


def _length_prefixed(units, length_size: int) -> bytes:
    return b"".join(len(u).to_bytes(length_size, "big") + u for u in units)


def _avcc(extradata: bytes) -> tuple[int, list[bytes]]:
    """(NAL length size, parameter sets) of an avcC record."""
    if len(extradata) < 7 or extradata[0] != 1:
        raise CutError("the video has no avcC configuration (only H.264 in MP4 is cut)")
    length_size = (extradata[4] & 3) + 1
    sets, offset = [], 5
    for count_mask in (0x1F, 0xFF):
        count = extradata[offset] & count_mask
        offset += 1
        for _ in range(count):
            size = int.from_bytes(extradata[offset:offset + 2], "big")
            sets.append(extradata[offset + 2:offset + 2 + size])
            offset += 2 + size
    return length_size, sets


def _make_avcc(sps: bytes, pps: bytes, length_size: int) -> bytes:
    return (bytes([1, sps[1], sps[2], sps[3], 0xFC | (length_size - 1), 0xE1])
            + len(sps).to_bytes(2, "big") + sps + b"\x01" + len(pps).to_bytes(2, "big") + pps)


def _packets(pieces: list[Piece], start: dt.datetime, span: Fraction, configs: list,
             info: dict):
    """The pieces' packets in decode order up to the range's end, each timed in seconds
    from `start`, one file open at a time; fills `configs` (each piece's avcC) and
    `info` (picture size and rate) as it goes."""
    for index, piece in enumerate(pieces):
        offset = Fraction((piece.start - start) // dt.timedelta(microseconds=1), 1_000_000)
        try:
            container = av.open(str(piece.path))
        except av.FFmpegError as exc:
            raise CutError(f"{piece.path.name}: not readable video ({exc})") from exc
        with container:
            if not container.streams.video:
                raise CutError(f"{piece.path.name}: no video stream")
            stream = container.streams.video[0]
            if stream.codec_context.name != "h264":
                raise CutError(f"{piece.path.name}: video is {stream.codec_context.name}, "
                               "not H.264")
            configs.append(bytes(stream.codec_context.extradata or b""))
            info.setdefault("width", stream.codec_context.width)
            info.setdefault("height", stream.codec_context.height)
            info.setdefault("rate", stream.average_rate or stream.guessed_rate)
            tb = Fraction(stream.time_base.numerator, stream.time_base.denominator)
            base = None
            try:
                for packet in container.demux(stream):
                    if packet.size == 0 or packet.pts is None:
                        continue
                    if base is None:
                        base = packet.pts
                    t = offset + (packet.pts - base) * tb
                    if t >= span:
                        return
                    yield _Packet(packet, t, (packet.duration or 0) * tb, packet.is_keyframe,
                                  index)
            except av.FFmpegError as exc:
                raise CutError(f"{piece.path.name}: not readable video ({exc})") from exc


def _frame_duration(packets, info) -> Fraction:
    durations = sorted(p.duration for p in packets if p.duration > 0)
    if durations:
        return durations[len(durations) // 2]
    rate = info.get("rate")
    return Fraction(1, 1) / Fraction(rate) if rate else Fraction(1, 25)


def cut(pieces: list[Piece], start: dt.datetime, end: dt.datetime, out: Path) -> Cut:
    """Write the part of `pieces` (consecutive segments of one camera, in time order)
    that lies in [start, end) to `out` as one MP4; returns where it was cut."""
    span = Fraction((end - start) // dt.timedelta(microseconds=1), 1_000_000)
    configs: list[bytes] = []
    info: dict = {}
    packets = _packets(pieces, start, span, configs, info)
    gop: list[_Packet] = []  # the pictures since the last keyframe before the range
    first = next((p for p in packets if _before(p, gop)), None)
    if first is None:
        raise CutError("no pictures in the range")
    frame = _frame_duration([*gop, first], info)
    length_size, source_sets = _avcc(configs[first.piece])
    head, head_sets, copied = [], None, first
    if not first.keyframe:
        if not gop:
            raise CutError("the range starts before the first keyframe of its footage")
        gop.append(first)
        copied = None
        for p in packets:
            if p.keyframe:
                copied = p
                break
            gop.append(p)
        head, head_sets = _encode_head(gop, first.t, info, frame, configs[first.piece])
    result = Cut()
    time_base = Fraction(1, 90000)
    origin = head[0][1] if head else copied.t
    extradata = _make_avcc(*(head_sets or _sps_pps(source_sets)), length_size)
    container = av.open(str(out), "w", format="mp4", options=MUXER)
    last = (origin, frame)
    try:
        with av.open(str(pieces[first.piece].path)) as template:
            stream = container.add_stream_from_template(template.streams.video[0])
        stream.codec_context.extradata = extradata
        stream.time_base = time_base
        stream.metadata.clear()

        def mux(packet, t, duration, key):
            packet.time_base = time_base
            packet.pts = packet.dts = round((t - origin) / time_base)
            packet.duration = round(duration / time_base)
            packet.is_keyframe = key
            packet.stream = stream
            container.mux(packet)
            result.frames += 1

        for data, t, duration, key in head:
            mux(av.Packet(data), t, duration, key)
            last = (t, duration)
        used = {first.piece} if head else set()
        current_sets = None
        if copied is not None:
            result.copied_from = start + _td(copied.t)
            for p in _chain(copied, packets):
                packet = p.packet
                sets = _sps_pps(_avcc(configs[p.piece])[1])
                if p.keyframe and sets != current_sets:
                    packet = av.Packet(_length_prefixed(sets, length_size) + _strip_sets(
                        bytes(p.packet), length_size))
                    current_sets = sets
                mux(packet, p.t, p.duration or frame, p.keyframe)
                last = (p.t, p.duration or frame)
                used.add(p.piece)
    finally:
        container.close()
    result.sources_used = sorted(used)
    result.reencoded_frames = len(head)
    result.first_frame = start + _td(origin)
    result.last_frame_end = start + _td(last[0] + last[1])
    return result


def _before(p: _Packet, gop: list) -> bool:
    """False while `p` lies before the range (remembering its GOP), True at the first
    picture inside it."""
    if p.t >= 0:
        return True
    if p.keyframe:
        gop.clear()
    if p.keyframe or gop:
        gop.append(p)
    return False


def _chain(first, rest):
    yield first
    yield from rest


def _td(seconds: Fraction) -> dt.timedelta:
    return dt.timedelta(microseconds=round(seconds * 1_000_000))


def _sps_pps(sets: list[bytes]) -> tuple[bytes, bytes]:
    sps = next((s for s in sets if s and s[0] & 0x1F == SPS), None)
    pps = next((s for s in sets if s and s[0] & 0x1F == PPS), None)
    if sps is None or pps is None:
        raise CutError("the video's configuration lacks its parameter sets")
    return sps, pps


def _strip_sets(data: bytes, length_size: int) -> bytes:
    return _length_prefixed([u for u in _nal_units(data, length_size)
                             if u and u[0] & 0x1F not in (SPS, PPS)], length_size)


def _encode_head(gop, from_t: Fraction, info, frame: Fraction, extradata: bytes):
    """Decode the GOP the range starts in, encode its pictures from `from_t` on again:
    [(length-prefixed data, t, duration, keyframe)], and the head's SPS and PPS."""
    length_size, _sets = _avcc(extradata)
    decoder = av.CodecContext.create("h264", "r")
    decoder.extradata = extradata
    decoder.thread_count = 1
    frames = []
    for p in gop:
        packet = av.Packet(bytes(p.packet))
        packet.pts = packet.dts = round(p.t / frame)
        for picture in decoder.decode(packet):
            frames.append(picture)
    for picture in decoder.decode(None):
        frames.append(picture)
    by_time = sorted(frames, key=lambda f: f.pts)
    times = sorted(p.t for p in gop)
    chosen = [(f, t) for f, t in zip(by_time, times, strict=False) if t >= from_t]
    if not chosen:
        raise CutError("no pictures decoded at the range's start")
    encoder = av.CodecContext.create(ENCODER_NAME, "w")
    encoder.width, encoder.height = info["width"], info["height"]
    encoder.pix_fmt = "yuv420p"
    encoder.time_base = Fraction(frame)
    encoder.framerate = Fraction(1) / frame
    encoder.thread_count = 1
    encoder.gop_size = len(chosen) + 1
    encoder.max_b_frames = 0
    encoder.options = {**ENCODER, "threads": "1"}
    out, sets = [], None
    encoded = []
    for n, (picture, _t) in enumerate(chosen):
        picture = picture.reformat(format="yuv420p")
        picture.pts = n
        encoded += list(encoder.encode(picture))
    encoded += list(encoder.encode(None))
    if len(encoded) != len(chosen):
        raise CutError("the encoder did not return one picture per frame")
    for packet, (_picture, t) in zip(encoded, chosen, strict=True):
        units = [u for u in _annexb_units(bytes(packet)) if u and u[0] & 0x1F != SEI]
        found = {u[0] & 0x1F: u for u in units if u[0] & 0x1F in (SPS, PPS)}
        if sets is None and SPS in found and PPS in found:
            sets = [found[SPS], found[PPS]]
        out.append((_length_prefixed(units, length_size), t, frame, packet.is_keyframe))
    if sets is None:
        raise CutError("the encoder wrote no parameter sets")
    return out, sets


def cached_cut(path: Path, piece_start: dt.datetime, start: dt.datetime, end: dt.datetime,
               folder: Path, name: str) -> Path:
    """The cut of one segment to [start, end), kept in `folder` under `name` so that a
    player's repeated range requests cut it once."""
    target = folder / name
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.part"
    try:
        cut([Piece(path, piece_start)], start, end, part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target
