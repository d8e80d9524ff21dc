"""Fragmented MP4 for a browser's Media Source Extensions, without transcoding.

The init segment (ftyp+moov) comes from FFmpeg's MP4 muxer, which turns the stream's
parameter sets into the avcC/hvcC box; each picture then becomes one moof+mdat written
here (a few struct calls: no muxer per viewer, and no picture held back waiting for
the next one as FFmpeg's fragmenter does), so the latency is one picture, not one GOP.
"""

import io
import re
import struct
from dataclasses import dataclass

import av

TRACK_ID = 1
KEY_FLAGS = 0x02000000  # sample_depends_on = 2: a picture decodable on its own
DELTA_FLAGS = 0x01010000  # depends on others, is a non-sync sample
INIT_OPTIONS = {"movflags": "empty_moov+default_base_moof+frag_custom"}
_START_CODE = re.compile(b"\x00\x00\x01")
_H264_AUD, _HEVC_AUD = 9, 35


class _Sink(io.RawIOBase):
    """A non-seekable in-memory file: FFmpeg writes the header and nothing is rewound."""

    def __init__(self):
        self.chunks: list[bytes] = []

    def writable(self):
        return True

    def seekable(self):
        return False

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)


@dataclass(frozen=True)
class Init:
    data: bytes  # ftyp+moov
    timescale: int
    codec: str  # the MSE codec string, e.g. avc1.64001f
    annexb: bool  # samples arrive with start codes and must be length-prefixed
    hevc: bool


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def _find_box(data: bytes, kind: bytes) -> int:
    """The offset of the payload of the first box `kind` (a search: moov's layout is fixed)."""
    at = data.find(kind)
    if at < 4:
        raise ValueError(f"no {kind!r} box")
    return at + 4


def init_segment(template, extradata: bytes | None = None, width: int = 0,
                 height: int = 0) -> Init:
    """ftyp+moov for one video track, written by FFmpeg's MP4 muxer from the stream's
    own parameter sets (or those given, taken from a keyframe when the camera announced
    none)."""
    sink = _Sink()
    container = av.open(sink, "w", format="mp4", options=INIT_OPTIONS)
    try:
        stream = container.add_stream_from_template(template)
        context = stream.codec_context
        if extradata:
            context.extradata = extradata
        if width and not context.width:
            context.width, context.height = width, height
        codec_name = context.codec.canonical_name
        extradata = context.extradata or b""
        container.start_encoding()
    finally:
        container.close()
    data = b"".join(sink.chunks)
    moov = data.find(b"moov")
    if moov < 0:
        raise ValueError("the muxer wrote no moov")
    end = moov - 4 + struct.unpack(">I", data[moov - 4:moov])[0]
    data = data[:end]
    mdhd = _find_box(data, b"mdhd")
    version = data[mdhd]
    timescale = struct.unpack(">I", data[mdhd + (20 if version == 1 else 12):][:4])[0]
    hevc = codec_name == "hevc"
    return Init(data=data, timescale=timescale, codec=codec_string(data, hevc),
                annexb=not extradata or extradata[0] == 0, hevc=hevc)


def codec_string(init: bytes, hevc: bool) -> str:
    """RFC 6381 codec string from the avcC/hvcC box: what MediaSource.isTypeSupported
    and addSourceBuffer need."""
    if not hevc:
        at = _find_box(init, b"avcC")
        return f"avc1.{init[at + 1]:02x}{init[at + 2]:02x}{init[at + 3]:02x}"
    entry = "hev1" if init.find(b"hev1") >= 0 else "hvc1"
    at = _find_box(init, b"hvcC")
    first = init[at + 1]
    space = "" if first >> 6 == 0 else "ABC"[(first >> 6) - 1]
    tier = "H" if first & 0x20 else "L"
    profile = first & 0x1F
    compat = struct.unpack(">I", init[at + 2:at + 6])[0]
    compat = int(f"{compat:032b}"[::-1], 2)  # written in reverse bit order
    constraints = bytearray(init[at + 6:at + 12])
    while constraints and constraints[-1] == 0:
        constraints.pop()
    level = init[at + 12]
    text = f"{entry}.{space}{profile}.{compat:x}.{tier}{level}"
    return text + "".join(f".{b:x}" for b in constraints)


def length_prefixed(data: bytes, hevc: bool) -> bytes:
    """Annex B (start codes) to the 4-byte lengths MP4 samples carry; access unit
    delimiters are left out."""
    parts = []
    aud = _HEVC_AUD if hevc else _H264_AUD
    for nal in _START_CODE.split(data):
        nal = nal.rstrip(b"\x00")
        if not nal:
            continue
        kind = (nal[0] >> 1) & 0x3F if hevc else nal[0] & 0x1F
        if kind == aud:
            continue
        parts.append(struct.pack(">I", len(nal)))
        parts.append(nal)
    return b"".join(parts)


def fragment(sequence: int, decode_time: int, duration: int, composition_offset: int,
             keyframe: bool, sample: bytes) -> bytes:
    """moof+mdat holding one picture."""
    mfhd = _box(b"mfhd", struct.pack(">II", 0, sequence))
    # default-base-is-moof: data offsets count from the moof's first byte
    tfhd = _box(b"tfhd", struct.pack(">II", 0x020000, TRACK_ID))
    tfdt = _box(b"tfdt", struct.pack(">IQ", 0x01000000, decode_time))
    # version 1 (signed composition offsets); duration, size, flags, composition offset
    trun_size = 8 + 12 + 16
    traf_size = 8 + len(tfhd) + len(tfdt) + trun_size
    moof_size = 8 + len(mfhd) + traf_size
    trun = struct.pack(">I4sIIiIIIi", trun_size, b"trun", 0x01000F01, 1, moof_size + 8,
                       duration, len(sample), KEY_FLAGS if keyframe else DELTA_FLAGS,
                       composition_offset)
    traf = struct.pack(">I4s", traf_size, b"traf") + tfhd + tfdt + trun
    moof = struct.pack(">I4s", moof_size, b"moof") + mfhd + traf
    return moof + struct.pack(">I4s", 8 + len(sample), b"mdat") + sample
