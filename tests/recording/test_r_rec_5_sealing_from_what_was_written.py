"""R-REC-5: the recorder takes a segment's SHA-256 and structure from the bytes on
their way to the file, and the sealer trusts them only as far as the file itself
would show: the hash is the file's, the structure is what reading the file finds, a
first picture that does not decode is refused; segments sealed together are each
catalogued with their own audit event, and a bad one never holds back the others."""

import datetime as dt
import hashlib
import json
import subprocess
import time

import av
import imageio_ffmpeg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchroom.audit import chain
from watchroom.audit.models import AuditEvent
from watchroom.recording import storage
from watchroom.recording.models import Segment
from watchroom.recording.recorder import fragments, sealing
from watchroom.recording.recorder.process import Recorder
from watchroom.recording.recorder.segmenter import Finished, SegmentFile

GOPS = (1, 7, 25, 60)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Eight seconds of noisy H.264 at 25 fps for each keyframe interval, as MPEG-TS
    (the way a camera's packets arrive)."""
    folder = tmp_path_factory.mktemp("clips")
    made = {}
    for gop in GOPS:
        path = folder / f"gop{gop}.ts"
        subprocess.run([
            imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "8",
            "-vf", "noise=alls=20:allf=t", "-c:v", "libx264", "-preset", "ultrafast",
            "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
            "-pix_fmt", "yuv420p", "-f", "mpegts", str(path)], check=True)
        made[gop] = path
    return made


def record(path, packets: int, skip_keyframes: int = 0, spoil_first: bool = False):
    """Writes a segment the way a camera's worker does: from the n-th keyframe on,
    `packets` packets through SegmentFile."""
    with av.open(str(path)) as source:
        stream = source.streams.video[0]
        base = float(stream.time_base)
        segment = None
        seen_keyframes = 0
        for packet in source.demux(stream):
            if packet.size == 0 or packet.pts is None:
                continue
            if segment is None:
                if not packet.is_keyframe:
                    continue
                seen_keyframes += 1
                if seen_keyframes <= skip_keyframes:
                    continue
                segment = SegmentFile(stream, time.time(), packet.pts * base, 1)
                if spoil_first:
                    spoiled = av.Packet(bytes(packet.size))
                    spoiled.pts, spoiled.dts = packet.pts, packet.dts
                    spoiled.time_base, spoiled.is_keyframe = packet.time_base, True
                    packet = spoiled
            segment.write(packet, packet.pts * base)
            if segment.packets >= packets:
                break
        segment.close()
    return segment


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gop=st.sampled_from(GOPS), packets=st.integers(min_value=1, max_value=180),
       skip=st.integers(min_value=0, max_value=2))
def test_r_rec_5_the_hash_and_structure_taken_while_writing_are_the_files(
        clips, recordings_dir, gop, packets, skip):
    segment = record(clips[gop], packets, skip_keyframes=skip)
    data = segment.temp.read_bytes()
    written = segment.written()
    assert written.sha256 == hashlib.sha256(data).hexdigest()
    assert written.size == len(data)
    assert written.index.layout() == fragments.read_layout(data)
    assert written.index.layout().samples == segment.packets
    segment.temp.unlink()


@pytest.fixture(scope="module")
def segment_bytes(clips, tmp_path_factory):
    path = tmp_path_factory.mktemp("segment") / "segment.mp4"
    subprocess.run([
        imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(clips[7]),
        "-c", "copy", "-t", "3", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
        str(path)], check=True)
    return path.read_bytes()


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_r_rec_5_the_index_says_what_reading_the_file_says_whatever_the_chunks(
        segment_bytes, data):
    """Any bytes (a whole segment, a cut one, one with a byte changed), in any chunks:
    the index gives the layout read_layout gives, or says that the file must be read;
    for a whole segment it always tells."""
    content = bytearray(segment_bytes)
    whole = True
    if data.draw(st.booleans(), label="cut"):
        content = content[:data.draw(st.integers(0, len(content)), label="length")]
        whole = len(content) == len(segment_bytes)
    if content and data.draw(st.booleans(), label="changed"):
        at = data.draw(st.integers(0, min(len(content) - 1, 4000)), label="at")
        byte = data.draw(st.integers(0, 255), label="byte")
        whole = whole and content[at] == byte
        content[at] = byte
    content = bytes(content)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(content)), max_size=12), label="cuts"))
    index = fragments.Index()
    for low, high in zip([0, *cuts], [*cuts, len(content)], strict=True):
        index.feed(content[low:high])
    try:
        layout = index.layout()
    except fragments.Incomplete:
        assert not whole, "a whole segment's index tells its layout"
        return
    assert layout == fragments.read_layout(content)


def test_r_rec_5_a_written_segment_passes_without_reading_the_file(clips, recordings_dir,
                                                                    monkeypatch):
    segment = record(clips[25], 100)
    data = segment.temp.read_bytes()
    monkeypatch.setattr(sealing, "probe", lambda *a: pytest.fail("the file was read"))
    result = sealing.check(segment.temp, segment.written(), 4.0)
    assert result.ok, result.problem
    assert (result.sha256, result.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert result.packets == 100


def test_r_rec_5_a_file_changed_after_writing_is_read_again(clips, recordings_dir):
    segment = record(clips[25], 100)
    with segment.temp.open("ab") as handle:
        handle.write(b"\0\0\0\x10skip" + bytes(8))
    data = segment.temp.read_bytes()
    result = sealing.check(segment.temp, segment.written(), 4.0)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size == len(data)


def test_r_rec_5_a_received_keyframe_that_does_not_decode_is_refused(clips, recordings_dir):
    segment = record(clips[25], 100, spoil_first=True)
    written = segment.written()
    assert written.index.layout().first_sample.strip(b"\0") == b""
    result = sealing.check(segment.temp, written, 4.0)
    assert not result.ok
    assert result.problem == "no picture decodes"


# --- sealing together --------------------------------------------------------------

def finished(camera, segment, start, seconds=4.0):
    return Finished(camera_id=camera.pk, camera_code=camera.code, temp=segment.temp,
                    start=start, end=start + dt.timedelta(seconds=seconds),
                    packets=segment.packets, closed_monotonic=time.monotonic(),
                    written=segment.written())


@pytest.mark.django_db(transaction=True)
def test_r_rec_5_segments_sealed_together_each_get_their_row_and_audit_event(
        clips, make_camera, recordings_dir):
    cameras = [make_camera() for _ in range(3)]
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
    items = [finished(c, record(clips[25], 100), start) for c in cameras]
    recorder = Recorder(segment_seconds=4)
    recorder.seal_batch(items)
    sealed = list(Segment.objects.order_by("camera_id"))
    assert [s.camera_id for s in sealed] == [c.pk for c in cameras]
    for segment, item in zip(sealed, items, strict=True):
        assert segment.sha256 == item.written.sha256
        assert storage.absolute(segment.path).read_bytes().__len__() == item.written.size
    events = AuditEvent.objects.filter(action="recording.segment_sealed")
    assert sorted(int(e.target_id) for e in events) == sorted(s.pk for s in sealed)
    assert chain.verify().ok
    assert len(recorder.seal_latencies) == 3


@pytest.mark.django_db(transaction=True)
def test_r_rec_5_a_bad_file_in_a_batch_is_refused_and_the_others_sealed(
        clips, make_camera, recordings_dir):
    cameras = [make_camera() for _ in range(3)]
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
    items = [finished(cameras[0], record(clips[25], 100), start),
             finished(cameras[1], record(clips[25], 100, spoil_first=True), start),
             finished(cameras[2], record(clips[25], 100), start)]
    Recorder(segment_seconds=4).seal_batch(items)
    assert sorted(Segment.objects.values_list("camera_id", flat=True)) == [
        cameras[0].pk, cameras[2].pk]
    assert AuditEvent.objects.filter(action="recording.segment_sealed").count() == 2
    assert AuditEvent.objects.filter(action="recording.segment_refused").count() == 1
    assert not items[1].temp.exists()
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_r_rec_5_a_segment_the_catalogue_refuses_does_not_lose_the_others_of_its_batch(
        clips, make_camera, recordings_dir, seal_file):
    cameras = [make_camera() for _ in range(3)]
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=1)
    seal_file(cameras[1], start - dt.timedelta(seconds=2), seconds=10)  # covers it all
    items = [finished(c, record(clips[25], 100), start) for c in cameras]
    Recorder(segment_seconds=4).seal_batch(items)
    sealed = Segment.objects.filter(start=start)
    assert sorted(s.camera_id for s in sealed) == [cameras[0].pk, cameras[2].pk]
    assert AuditEvent.objects.filter(action="recording.segment_sealed").count() == 3
    refusals = [e for e in AuditEvent.objects.filter(action="rule.refused")
                if json.loads(e.data).get("rule") == "R-REC-5"]
    assert len(refusals) == 1
    assert chain.verify().ok
