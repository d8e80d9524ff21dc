"""R-REC-5: a segment is labelled with the time its first picture was sent, not the
time the recorder finished probing the stream, and one camera's segments never overlap."""

import itertools

import pytest

from .conftest import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("fps", [5, 12])
def test_r_rec_5_the_first_segment_starts_when_its_first_picture_was_sent(
        rtsp_server_factory, make_camera, run_recorder, tmp_path, fps):
    log = tmp_path / "first-buffer.txt"
    server = rtsp_server_factory(streams=1, fps=fps, first_buffer_log=log)
    camera = make_camera(server.url(0))
    with run_recorder(segment_seconds=4, refresh_s=0.5):
        assert wait_for(lambda: len(segments_of(camera)) >= 3, timeout=60)
    sent = float(log.read_text().split()[0])
    segments = segments_of(camera)
    late = segments[0].start.timestamp() - sent
    # Left: the network, and FFmpeg's parser holding a picture until the next one begins
    # (measured: +0.45 s at 5 fps, +0.12 s at 12 fps; before, +4.43 s and +2.39 s).
    assert abs(late) < 0.25 + 2 / fps, f"the first segment is labelled {late:+.2f} s off"
    for before, after in itertools.pairwise(segments):
        assert after.start >= before.end, f"{before} and {after} overlap"
