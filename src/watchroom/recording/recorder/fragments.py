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


def read_layout(data: bytes) -> Layout:
    """The segment's structure, or Malformed naming what is wrong."""
    view = memoryview(data)
    top = list(_boxes(view, 0, len(view)))
    moov = next(((body, stop) for kind, _b, body, stop in top if kind == b"moov"), None)
    if moov is None:
        raise Malformed("no moov box")
    codec, extradata = _sample_entry(view, moov)
    timescale = _timescale(view, moov)
    defaults = _trex_defaults(view, moov)
    mdats = [(body, stop) for kind, _b, body, stop in top if kind == b"mdat"]
    first_time = end_time = None
    samples = 0
    first_sample = b""
    for kind, box, body, stop in top:
        if kind != b"moof":
            continue
        decode_time, duration, sizes, first_flags, start, count = _fragment(
            view, box, body, stop, defaults)
        total = sum(sizes)
        if not any(m_start <= start and start + total <= m_stop for m_start, m_stop in mdats):
            raise Malformed(f"fragment at byte {box} points outside its media data")
        if first_time is None:
            if first_flags & NON_SYNC or not count:
                raise Malformed("the segment does not start with a keyframe")
            first_time = decode_time
            first_sample = bytes(view[start:start + sizes[0]])
        elif decode_time < end_time:
            raise Malformed(f"fragment at byte {box} goes back in time")
        end_time = decode_time + duration
        samples += count
    if first_time is None or samples == 0:
        raise Malformed("no video samples")
    if not timescale:
        raise Malformed("no time scale")
    return Layout(codec, extradata, timescale, end_time - first_time, samples, first_sample)
