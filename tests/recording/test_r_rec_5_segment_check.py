"""R-REC-5: what enters the catalogue is a whole segment whose first picture decodes
and whose duration is the time it claims; the hash is of exactly those bytes."""

import hashlib
import struct
import subprocess

import imageio_ffmpeg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchroom.recording.recorder import fragments, sealing


@pytest.fixture(scope="module")
def segment(tmp_path_factory):
    """Five seconds of H.264 at 25 fps, a keyframe a second, written as the recorder
    writes segments: fragmented MP4 by FFmpeg's muxer."""
    path = tmp_path_factory.mktemp("segment") / "segment.mp4"
    subprocess.run([
        imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "5",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p",
        "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)], check=True)
    return path


def top_level_boundaries(data: bytes) -> set[int]:
    ends, offset = {0}, 0
    while offset < len(data):
        offset += struct.unpack_from(">I", data, offset)[0]
        ends.add(offset)
    return ends


def test_r_rec_5_a_whole_segment_passes_with_its_duration_and_hash(segment):
    result = sealing.probe(segment, 5.0)
    data = segment.read_bytes()
    assert result.ok, result.problem
    assert result.packets == 125
    assert result.seconds == pytest.approx(5.0, abs=0.05)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size == len(data)


def test_r_rec_5_a_segment_shorter_than_it_claims_is_refused(segment):
    result = sealing.probe(segment, 60.0)
    assert not result.ok
    assert "covers 5.0 s" in result.problem


def test_r_rec_5_a_first_picture_that_does_not_decode_is_refused(segment, tmp_path):
    data = bytearray(segment.read_bytes())
    layout = fragments.read_layout(bytes(data))
    start = bytes(data).index(layout.first_sample)
    data[start:start + len(layout.first_sample)] = bytes(len(layout.first_sample))
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(bytes(data))
    result = sealing.probe(broken, 5.0)
    assert not result.ok
    assert result.problem == "no picture decodes"


def test_r_rec_5_a_segment_that_starts_without_a_keyframe_is_refused(segment, tmp_path):
    data = bytearray(segment.read_bytes())
    trun = bytes(data).index(b"trun")
    flags = struct.unpack_from(">I", data, trun + 4)[0]
    assert flags & 0x004, "FFmpeg writes the first sample's flags"
    struct.pack_into(">I", data, trun + 16, fragments.NON_SYNC)
    broken = tmp_path / "no-keyframe.mp4"
    broken.write_bytes(bytes(data))
    result = sealing.probe(broken, 5.0)
    assert not result.ok
    assert "keyframe" in result.problem


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_r_rec_5_a_truncated_segment_is_refused(segment, tmp_path, cut):
    data = segment.read_bytes()
    length = int(cut * len(data))
    if length in top_level_boundaries(data):
        length += 1
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(data[:length])
    result = sealing.probe(truncated, 5.0)
    assert not result.ok, f"cut at byte {length} of {len(data)} passed"


def test_r_rec_5_a_file_that_is_not_mp4_is_refused(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"garbage" * 500)
    assert not sealing.probe(junk, 10.0).ok


def test_r_rec_5_a_file_that_does_not_decode_is_never_sealed(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"garbage" * 500)
    result = sealing.probe(junk, 10.0)
    assert not result.ok and result.problem
