"""Cutting sealed segments to exactly an approved range (R-FOOT-3, R-FOOT-5).

Packets are copied as they are from the first keyframe inside the range to its end. When
the range does not start on a keyframe, only the pictures between its start and that
first keyframe are decoded and encoded again (libx264, pinned options, one thread), so
the same sources and range always give the same bytes. The encoded head carries its own
parameter sets, and every copied keyframe that follows a change of parameters carries the
camera's, in band, so that one MP4 plays through."""

import datetime as dt
import hashlib
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

from watchroom.core.files import durable_move

ENCODER = {"preset": "veryfast", "crf": "16", "tune": "film",
           "x264-params": "scenecut=0:open-gop=0:aud=0:repeat-headers=1"}
ENCODER_NAME = "libx264"
MUXER = {"fflags": "+bitexact"}
# What a browser's Media Source Extensions take: the init, then one fragment per GOP.
FRAGMENTED = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
SEI, SPS, PPS = 6, 7, 8
READ_BUFFER = 1024 * 1024
WRITE_BUFFER = 1024 * 1024
MUX_BATCH = 256
OUT_TICKS = 90000  # the clip's time base is 1/90000 s


class CutError(ValueError):
    """The sources do not hold video that can be cut (not H.264, unreadable, empty)."""


class SegmentChanged(Exception):
    """A segment's bytes no longer match the hash sealed into the catalogue."""


@dataclass(frozen=True)
class Piece:
    """One source segment: its file and the wall-clock time its first picture shows."""

    path: Path
    start: dt.datetime
    sha256: str | None = None  # when given, the cut fails unless the file still has it


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


class BackgroundSha256:
    """SHA-256 computed on another thread (hashlib lets go of the interpreter), so that
    hashing runs beside demuxing and writing; one chunk in flight at a time, so the
    caller may reuse its buffer once the next `update` or `hexdigest` returns."""

    def __init__(self):
        self.digest = hashlib.sha256()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
        self.pending = None

    def update(self, data) -> None:
        self.wait()
        self.pending = self.pool.submit(self.digest.update, data)

    def wait(self) -> None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.result()

    def hexdigest(self) -> str:
        self.wait()
        return self.digest.hexdigest()

    def close(self) -> None:
        self.wait()
        self.pool.shutdown()


class _SealedReader:
    """A source read for the demuxer whose SHA-256 is computed on the way: every byte
    once and in order, whatever the demuxer skips or reads again, the rest of the file
    when it is done (`finish`), so that the seal check costs no pass of its own."""

    def __init__(self, piece: Piece):
        self.path, self.expected = piece.path, piece.sha256
        self.handle = open(piece.path, "rb", buffering=0)
        self.fd = self.handle.fileno()
        self.pos = self.hashed = 0
        self.digest = BackgroundSha256()

    def read(self, n: int) -> bytes:
        data = os.pread(self.fd, n, self.pos)
        end = self.pos + len(data)
        if end > self.hashed:
            if self.pos > self.hashed:
                self._hash_to(self.pos)
            self.digest.update(memoryview(data)[self.hashed - self.pos:])
            self.hashed = end
        self.pos = end
        return data

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            self.pos = offset
        elif whence == os.SEEK_CUR:
            self.pos += offset
        else:
            self.pos = os.fstat(self.fd).st_size + offset
        return self.pos

    def tell(self) -> int:
        return self.pos

    def _hash_to(self, stop: int | None) -> None:
        buffer = bytearray(READ_BUFFER)
        view = memoryview(buffer)
        while stop is None or self.hashed < stop:
            want = READ_BUFFER if stop is None else min(READ_BUFFER, stop - self.hashed)
            n = os.preadv(self.fd, [view[:want]], self.hashed)
            if not n:
                break
            self.digest.update(bytes(view[:n]))
            self.hashed += n

    def finish(self) -> None:
        """Hash what the demuxer did not read; a changed file fails here."""
        self._hash_to(None)
        value = self.digest.hexdigest()
        if value != self.expected:
            raise SegmentChanged(f"{self.path}: SHA-256 {value}, sealed as {self.expected}")

    def close(self) -> None:
        self.digest.close()
        self.handle.close()


def check_sealed(piece: Piece) -> None:
    """The whole file against its sealed SHA-256."""
    reader = _SealedReader(piece)
    try:
        reader.finish()
    finally:
        reader.close()


class _Packet:
    """A demuxed packet, timed in its source's ticks; `t` and `duration` in seconds from
    the range's start are worked out only where they are needed (not per copied packet)."""

    __slots__ = ("keyframe", "offset", "packet", "piece", "rel", "tb", "ticks")

    def __init__(self, packet, offset: Fraction, rel: int, tb: Fraction, ticks: int,
                 keyframe: bool, piece: int):
        self.packet, self.offset, self.rel, self.tb = packet, offset, rel, tb
        self.ticks, self.keyframe, self.piece = ticks, keyframe, piece

    @property
    def t(self) -> Fraction:
        return self.offset + self.rel * self.tb

    @property
    def duration(self) -> Fraction:
        return self.ticks * self.tb


def _round_half_even(num: int, den: int) -> int:
    """round(Fraction(num, den)) for den > 0, in integers."""
    floor, rest = divmod(num, den)
    if 2 * rest > den or (2 * rest == den and floor & 1):
        return floor + 1
    return floor


def _nal_units(data: bytes, length_size: int):
    offset = 0
    while offset + length_size <= len(data):
        size = int.from_bytes(data[offset:offset + length_size], "big")
        offset += length_size
        yield data[offset:offset + size]
        offset += size


def _annexb_units(data: bytes):
    units, n = [], len(data)
    starts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i + 3)
        i = data.find(b"\x00\x00\x01", i + 3)
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
    """The pieces' packets in decode order up to the range's end, each timed from
    `start`, one file open at a time; fills `configs` (each piece's avcC) and `info`
    (picture size and rate, how many pieces were opened) as it goes. A piece with a
    sealed hash is hashed as it is read and checked once done with."""
    for index, piece in enumerate(pieces):
        info["opened"] = index + 1
        offset = Fraction((piece.start - start) // dt.timedelta(microseconds=1), 1_000_000)
        reader = _SealedReader(piece) if piece.sha256 else None
        try:
            try:
                container = (av.open(reader, buffer_size=READ_BUFFER) if reader
                             else av.open(str(piece.path)))
            except av.FFmpegError as exc:
                raise CutError(f"{piece.path.name}: not readable video ({exc})") from exc
            with container:
                ended = yield from _piece_packets(container, piece, index, offset, span,
                                                  configs, info)
            if reader:
                reader.finish()
        except CutError:
            if reader:
                reader.finish()  # a changed file is named as changed, not as unreadable
            raise
        finally:
            if reader:
                reader.close()
        if ended:
            return


def _piece_packets(container, piece, index, offset, span, configs, info):
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
    limit = math.ceil((span - offset) / tb)  # t >= span exactly when rel >= limit
    base = None
    try:
        for packet in container.demux(stream):
            pts = packet.pts
            if pts is None or packet.size == 0:
                continue
            if base is None:
                base = pts
            rel = pts - base
            if rel >= limit:
                return True
            yield _Packet(packet, offset, rel, tb, packet.duration or 0, packet.is_keyframe,
                          index)
    except av.FFmpegError as exc:
        raise CutError(f"{piece.path.name}: not readable video ({exc})") from exc
    return False


def _frame_duration(packets, info) -> Fraction:
    durations = sorted(p.duration for p in packets if p.duration > 0)
    if durations:
        return durations[len(durations) // 2]
    rate = info.get("rate")
    return Fraction(1, 1) / Fraction(rate) if rate else Fraction(1, 25)


def cut(pieces: list[Piece], start: dt.datetime, end: dt.datetime, out,
        fragmented: bool = False) -> Cut:
    """Write the part of `pieces` (consecutive segments of one camera, in time order)
    that lies in [start, end) to `out` (a path, or a seekable binary file object) as one
    MP4; returns where it was cut. Pieces with a sealed hash are checked as they are
    read (those the range does not reach, after the cut): a changed one raises
    SegmentChanged. `fragmented`: written as fragmented MP4, for players."""
    muxer = {**MUXER, **FRAGMENTED} if fragmented else MUXER
    span = Fraction((end - start) // dt.timedelta(microseconds=1), 1_000_000)
    configs: list[bytes] = []
    info: dict = {"opened": 0}
    packets = _packets(pieces, start, span, configs, info)
    gop: list[_Packet] = []  # the pictures since the last keyframe before the range
    first = next((p for p in packets if _before(p, gop)), None)
    if first is None:
        _check_unread(pieces, info)
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
    time_base = Fraction(1, OUT_TICKS)
    origin = head[0][1] if head else copied.t
    extradata = _make_avcc(*(head_sets or _sps_pps(source_sets)), length_size)
    if isinstance(out, (str, Path)):
        container = av.open(str(out), "w", format="mp4", options=muxer)
    else:
        container = av.open(out, "w", format="mp4", buffer_size=WRITE_BUFFER,
                            options={**muxer, "flush_packets": "0"})  # written in big blocks
    last = (origin, frame)
    try:
        with av.open(str(pieces[first.piece].path)) as template:
            stream = container.add_stream_from_template(template.streams.video[0])
        stream.codec_context.extradata = extradata
        stream.time_base = time_base
        stream.metadata.clear()

        for data, t, duration, key in head:
            packet = av.Packet(data)
            packet.time_base = time_base
            packet.pts = packet.dts = round((t - origin) / time_base)
            packet.duration = round(duration / time_base)
            packet.is_keyframe = key
            packet.stream = stream
            container.mux(packet)
            last = (t, duration)
        result.frames = len(head)
        used = {first.piece} if head else set()
        if copied is not None:
            result.copied_from = start + _td(copied.t)
            tail = _mux_copied(container, stream, _chain(copied, packets), configs,
                               length_size, origin, round(frame / time_base),
                               every_keyframe=fragmented and bool(head))
            result.frames += tail.count
            used |= tail.pieces
            last = (tail.last.t, tail.last.duration or frame)
    finally:
        container.close()
    _check_unread(pieces, info)
    result.sources_used = sorted(used)
    result.reencoded_frames = len(head)
    result.first_frame = start + _td(origin)
    result.last_frame_end = start + _td(last[0] + last[1])
    return result


def _check_unread(pieces: list[Piece], info: dict) -> None:
    """The seal check of the pieces the cut did not need to open."""
    for piece in pieces[info["opened"]:]:
        if piece.sha256:
            check_sealed(piece)


@dataclass
class _Tail:
    count: int = 0
    pieces: set = field(default_factory=set)
    last: _Packet | None = None


def _mux_copied(container, stream, packets, configs, length_size, origin, frame_ticks,
                every_keyframe: bool = False):
    """Copy the packets from the first keyframe on, retimed in 1/90000 s (integer
    arithmetic, the same rounding as Fraction's), muxed in batches. `every_keyframe`:
    each keyframe carries the camera's parameter sets in band (a browser's player puts
    the init's sets, the encoded head's, before every keyframe it decodes)."""
    tail = _Tail()
    per_piece: dict = {}
    batch = []
    time_base = stream.time_base
    current_sets = None
    for p in packets:
        constants = per_piece.get(p.piece)
        if constants is None:
            shift = (p.offset - origin) * OUT_TICKS
            tb = p.tb
            constants = per_piece[p.piece] = (
                shift.numerator * tb.denominator,
                OUT_TICKS * tb.numerator * shift.denominator,
                shift.denominator * tb.denominator,
                _sps_pps(_avcc(configs[p.piece])[1]), {})
            tail.pieces.add(p.piece)
        base, step, den, sets, durations = constants
        packet = p.packet
        if p.keyframe and (sets != current_sets or every_keyframe):
            packet = av.Packet(_length_prefixed(sets, length_size) + _strip_sets(
                bytes(p.packet), length_size))
            current_sets = sets
        ticks = p.ticks
        if ticks:
            duration = durations.get(ticks)
            if duration is None:
                duration = durations[ticks] = round(p.duration * OUT_TICKS)
        else:
            duration = frame_ticks
        packet.time_base = time_base
        packet.pts = packet.dts = _round_half_even(base + p.rel * step, den)
        packet.duration = duration
        packet.is_keyframe = p.keyframe
        packet.stream = stream
        batch.append(packet)
        if len(batch) >= MUX_BATCH:
            container.mux(batch)
            batch = []
        tail.count += 1
        tail.last = p
    if batch:
        container.mux(batch)
    return tail


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
        cut([Piece(path, piece_start)], start, end, part, fragmented=True)
        durable_move(part, target, replace=True)
    finally:
        part.unlink(missing_ok=True)
    return target
