"""Reading the structure of a fragmented MP4 segment (as the recorder writes it) from
its bytes: the codec's configuration, every fragment's timing and sample sizes, and
the first picture. Nothing is trusted that the bytes do not show."""

import struct
from dataclasses import dataclass

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"moof", b"traf"}
SAMPLE_ENTRIES = {b"avc1": ("h264", b"avcC"), b"avc3": ("h264", b"avcC"),
                  b"hvc1": ("hevc", b"hvcC"), b"hev1": ("hevc", b"hvcC")}
NON_SYNC = 0x00010000


class Malformed(ValueError):
    pass


@dataclass(frozen=True)
class Layout:
    codec: str
    extradata: bytes
    timescale: int
    duration_ticks: int
    samples: int
    first_sample: bytes


def _boxes(data: memoryview, start: int, end: int):
    offset = start
    while offset < end:
        if offset + 8 > end:
            raise Malformed(f"truncated box header at byte {offset}")
        size, kind = struct.unpack_from(">I4s", data, offset)
        header = 8
        if size == 1:
            if offset + 16 > end:
                raise Malformed(f"truncated box header at byte {offset}")
            size = struct.unpack_from(">Q", data, offset + 8)[0]
            header = 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            raise Malformed(f"box {kind!r} at byte {offset} runs past the end of the file")
        yield kind, offset, offset + header, offset + size
        offset += size


def _find(data, start, end, *path):
    for kind, _box, body, stop in _boxes(data, start, end):
        if kind == path[0]:
            return (body, stop) if len(path) == 1 else _find(data, body, stop, *path[1:])
    raise Malformed(f"no {b'/'.join(path).decode()} box")


def _sample_entry(data, moov):
    body, stop = _find(data, *moov, b"trak", b"mdia", b"minf", b"stbl", b"stsd")
    if struct.unpack_from(">I", data, body + 4)[0] < 1:
        raise Malformed("no sample description")
    for kind, _box, entry, entry_end in _boxes(data, body + 8, stop):
        if kind in SAMPLE_ENTRIES:
            codec, config = SAMPLE_ENTRIES[kind]
            # VisualSampleEntry: 8 bytes SampleEntry + 70 bytes of picture fields
            config_body, config_end = _find(data, entry + 78, entry_end, config)
            return codec, bytes(data[config_body:config_end])
        raise Malformed(f"video codec {kind.decode(errors='replace')} is not H.264 or H.265")
    raise Malformed("no video sample description")


def _timescale(data, moov) -> int:
    body, _stop = _find(data, *moov, b"trak", b"mdia", b"mdhd")
    version = data[body]
    return struct.unpack_from(">I", data, body + (20 if version == 1 else 12))[0]


def _trex_defaults(data, moov) -> tuple[int, int, int]:
    try:
        body, _stop = _find(data, *moov, b"mvex", b"trex")
    except Malformed:
        return 0, 0, 0
    duration, size, flags = struct.unpack_from(">III", data, body + 12)
    return duration, size, flags


def _fragment(data, moof_start, body, stop, defaults):
    """(base decode time, total duration, sample sizes, first sample's flags, data start)
    of one moof."""
    traf = _find(data, body, stop, b"traf")
    tfhd, _ = _find(data, *traf, b"tfhd")
    flags = struct.unpack_from(">I", data, tfhd)[0] & 0xFFFFFF
    cursor = tfhd + 8  # version/flags, track id
    base = moof_start
    if flags & 0x01:
        base = struct.unpack_from(">Q", data, cursor)[0]
        cursor += 8
    if flags & 0x02:
        cursor += 4
    default_duration, default_size, default_flags = defaults
    if flags & 0x08:
        default_duration = struct.unpack_from(">I", data, cursor)[0]
        cursor += 4
    if flags & 0x10:
        default_size = struct.unpack_from(">I", data, cursor)[0]
        cursor += 4
    if flags & 0x20:
        default_flags = struct.unpack_from(">I", data, cursor)[0]
    tfdt, _ = _find(data, *traf, b"tfdt")
    decode_time = (struct.unpack_from(">Q", data, tfdt + 4)[0] if data[tfdt] == 1
                   else struct.unpack_from(">I", data, tfdt + 4)[0])
    trun, trun_end = _find(data, *traf, b"trun")
    trun_flags = struct.unpack_from(">I", data, trun)[0] & 0xFFFFFF
    count = struct.unpack_from(">I", data, trun + 4)[0]
    cursor = trun + 8
    data_offset = 0
    if trun_flags & 0x001:
        data_offset = struct.unpack_from(">i", data, cursor)[0]
        cursor += 4
    first_flags = None
    if trun_flags & 0x004:
        first_flags = struct.unpack_from(">I", data, cursor)[0]
        cursor += 4
    fields = [bit for bit in (0x100, 0x200, 0x400, 0x800) if trun_flags & bit]
    if cursor + 4 * len(fields) * count > trun_end:
        raise Malformed(f"fragment at byte {moof_start} lists more samples than it holds")
    values = struct.unpack_from(f">{len(fields) * count}I", data, cursor) if fields else ()
    width = len(fields)
    durations = (values[fields.index(0x100)::width] if 0x100 in fields
                 else [default_duration] * count)
    sizes = values[fields.index(0x200)::width] if 0x200 in fields else [default_size] * count
    if first_flags is None:
        first_flags = values[fields.index(0x400)] if 0x400 in fields and count else default_flags
    return decode_time, sum(durations), sizes, first_flags, base + data_offset, count


@dataclass(frozen=True)
class Box:
    """A top-level box: where it lies in the file and, unless its bytes were not kept
    (media data read as it streams past), a buffer holding it from `at`."""

    kind: bytes
    start: int
    header: int
    size: int
    data: memoryview | None = None
    at: int = 0


def read_layout(data: bytes) -> Layout:
    """The segment's structure, or Malformed naming what is wrong."""
    view = memoryview(data)
    boxes = [Box(kind, box, body - box, stop - box, view, box)
             for kind, box, body, stop in _boxes(view, 0, len(view))]
    return assemble(boxes, lambda start, size: bytes(view[start:start + size]))


def assemble(boxes: list[Box], sample_at) -> Layout:
    """The layout of a file made of these top-level boxes, in file order; `sample_at(start,
    size)` gives the bytes of the first sample, which lie in media data."""
    moov_box = next((box for box in boxes if box.kind == b"moov"), None)
    if moov_box is None:
        raise Malformed("no moov box")
    view = moov_box.data
    moov = (moov_box.at + moov_box.header, moov_box.at + moov_box.size)
    codec, extradata = _sample_entry(view, moov)
    timescale = _timescale(view, moov)
    defaults = _trex_defaults(view, moov)
    mdats = [(box.start + box.header, box.start + box.size) for box in boxes
             if box.kind == b"mdat"]
    first_time = end_time = None
    samples = 0
    first_sample = b""
    for moof in boxes:
        if moof.kind != b"moof":
            continue
        box = moof.start
        decode_time, duration, sizes, first_flags, start, count = _fragment(
            moof.data, box, moof.at + moof.header, moof.at + moof.size, defaults)
        total = sum(sizes)
        if not any(m_start <= start and start + total <= m_stop for m_start, m_stop in mdats):
            raise Malformed(f"fragment at byte {box} points outside its media data")
        if first_time is None:
            if first_flags & NON_SYNC or not count:
                raise Malformed("the segment does not start with a keyframe")
            first_time = decode_time
            first_sample = sample_at(start, sizes[0])
        elif decode_time < end_time:
            raise Malformed(f"fragment at byte {box} goes back in time")
        end_time = decode_time + duration
        samples += count
    if first_time is None or samples == 0:
        raise Malformed("no video samples")
    if not timescale:
        raise Malformed("no time scale")
    return Layout(codec, extradata, timescale, end_time - first_time, samples, first_sample)


def first_sample_range(moov: Box, moof: Box) -> tuple[int, int] | None:
    """Where the first sample of this fragment lies in the file, if it can be told."""
    try:
        moov_body = (moov.at + moov.header, moov.at + moov.size)
        defaults = _trex_defaults(moov.data, moov_body)
        _time, _duration, sizes, _flags, start, count = _fragment(
            moof.data, moof.start, moof.at + moof.header, moof.at + moof.size, defaults)
    except (Malformed, IndexError, struct.error):
        return None
    return (start, start + sizes[0]) if count else None


class Incomplete(Exception):
    """The bytes seen as they were written do not tell the layout for certain (a box of
    unknown size, a box too large to hold, a file that ends inside a box): the file
    itself is to be read."""


class Index:
    """The layout read_layout would find, built from a file's bytes in the order they
    are written, whatever the chunks: every box but the media data is kept (they are
    small), media data is passed over but for the first sample's bytes."""

    KEEP_LIMIT = 8 * 1024 * 1024

    def __init__(self):
        self.boxes: list[Box] = []
        self.position = 0  # bytes seen
        self._head = bytearray()  # a header, then the whole box, being gathered
        self._start = 0
        self._kind = b""
        self._header = 0
        self._size = 0
        self._skip = 0  # media data bytes still to pass
        self._moov: Box | None = None
        self._sample_range: tuple[int, int] | None = None
        self._sample_range_known = False
        self._sample = bytearray()
        self.unsure = ""

    def feed(self, chunk) -> None:
        view = memoryview(chunk).cast("B")
        end = len(view)
        i = 0
        while i < end and not self.unsure:
            if self._skip:
                take = min(self._skip, end - i)
                self._capture(view[i:i + take], self.position + i)
                self._skip -= take
                i += take
            elif self._size:
                take = min(self._size - len(self._head), end - i)
                self._head += view[i:i + take]
                i += take
                if len(self._head) == self._size:
                    self._kept(Box(self._kind, self._start, self._header, self._size,
                                   memoryview(bytes(self._head))))
                    self._head, self._size = bytearray(), 0
            else:
                if not self._head:
                    self._start = self.position + i
                need = 16 if len(self._head) >= 8 and self._head[:4] == b"\0\0\0\x01" else 8
                take = min(need - len(self._head), end - i)
                self._head += view[i:i + take]
                i += take
                if len(self._head) == need:
                    self._header_read()
        self.position += end

    def _header_read(self) -> None:
        size, kind = struct.unpack_from(">I4s", self._head)
        header = len(self._head)
        if size == 1:
            size = struct.unpack_from(">Q", self._head, 8)[0]
        if size == 0 or size < header:
            self.unsure = f"box {kind!r} at byte {self._start} has size {size}"
            return
        self._kind, self._header = kind, header
        if kind == b"mdat":
            self.boxes.append(Box(kind, self._start, header, size))
            self._head, self._skip = bytearray(), size - header
        elif size > self.KEEP_LIMIT:
            self.unsure = f"box {kind!r} at byte {self._start} is too large to hold"
        else:
            self._size = size
            if size == header:
                self._kept(Box(kind, self._start, header, size, memoryview(bytes(self._head))))
                self._head, self._size = bytearray(), 0

    def _kept(self, box: Box) -> None:
        self.boxes.append(box)
        if box.kind == b"moov" and self._moov is None:
            self._moov = box
        elif box.kind == b"moof" and not self._sample_range_known:
            self._sample_range_known = True
            if self._moov is not None:
                self._sample_range = first_sample_range(self._moov, box)

    def _capture(self, part: memoryview, at: int) -> None:
        if self._sample_range is None:
            return
        low, high = self._sample_range
        if at + len(part) <= low or at >= high:
            return
        self._sample += part[max(low - at, 0):min(high - at, len(part))]

    def layout(self) -> Layout:
        """The layout, or Incomplete: also when something is wrong, so that what is
        wrong is named by reading the file (with offsets in the file's terms)."""
        if self.unsure:
            raise Incomplete(self.unsure)
        if self._head or self._skip or self._size:
            raise Incomplete(f"the file ends inside a box at byte {self._start}")
        try:
            return assemble(self.boxes, self._first_sample)
        except (Malformed, IndexError, struct.error) as exc:
            raise Incomplete(str(exc)) from exc

    def _first_sample(self, start: int, size: int) -> bytes:
        if self._sample_range != (start, start + size) or len(self._sample) != size:
            raise Incomplete("the first sample was not seen where the file says it is")
        return bytes(self._sample)
