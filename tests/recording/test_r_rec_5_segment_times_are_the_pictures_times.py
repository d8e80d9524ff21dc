"""R-REC-5: a segment is labelled with the time its first picture was sent, not the
time the recorder finished probing the stream, and one camera's segments never overlap."""

import itertools

import pytest

from watchroom.recording.recorder.segmenter import Clock

from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _recorded(rtsp_server_factory, make_camera, run_recorder, tmp_path, fps, segments):
    """The camera's segments once `segments` are sealed, and when the server sent its
    first picture."""
    log = tmp_path / "first-buffer.txt"
    server = rtsp_server_factory(streams=1, fps=fps, first_buffer_log=log)
    camera = make_camera(server.url(0))
    with run_recorder(segment_seconds=4, refresh_s=0.5):
        assert wait_for(lambda: len(segments_of(camera)) >= segments, timeout=60)
    return segments_of(camera), float(log.read_text().split()[0])


@pytest.mark.parametrize("fps", [5, 12])
def test_r_rec_5_the_first_segment_starts_when_its_first_picture_was_sent(
        rtsp_server_factory, make_camera, run_recorder, tmp_path, fps):
    segments, sent = _recorded(rtsp_server_factory, make_camera, run_recorder, tmp_path,
                               fps, 3)
    late = segments[0].start.timestamp() - sent
    # Left: the network, and FFmpeg's parser holding a picture until the next one begins
    # (measured: +0.45 s at 5 fps, +0.12 s at 12 fps; before, +4.43 s and +2.39 s).
    assert abs(late) < 0.25 + 2 / fps, f"the first segment is labelled {late:+.2f} s off"
    for before, after in itertools.pairwise(segments):
        assert after.start >= before.end, f"{before} and {after} overlap"


def test_r_rec_5_a_sender_report_anchors_the_stream_to_the_cameras_time():
    clock = Clock(requested=100.0)
    clock.seen(0.0, 104.5)  # the first packet, held back while FFmpeg probed the stream
    assert clock.awaiting_report(0.0)
    assert clock.sender_report(100_300_000)  # RTCP: timestamp zero was sent at 100.3
    assert clock.wall(0.0) == pytest.approx(100.3)
    clock.seen(10.0, 110.45)  # later arrivals no longer move it
    assert clock.wall(10.0) == pytest.approx(110.3)
    assert not clock.awaiting_report(10.0)


def test_r_rec_5_an_implausible_sender_report_is_not_used():
    clock = Clock(requested=100.0)
    clock.seen(0.0, 100.4)
    assert not clock.sender_report(int((100.3 + 3600) * 1_000_000))  # a clock an hour off
    assert not clock.sender_report(0)
    assert clock.wall(0.0) == pytest.approx(100.4)  # the arrival bound stands
    assert not clock.awaiting_report(1.0)


def test_r_rec_5_after_a_jump_in_time_reports_are_not_used():
    clock = Clock(requested=100.0)
    clock.seen(0.0, 100.4)
    clock.reset(200.0, 5.0)
    assert not clock.awaiting_report(5.0)
    assert clock.wall(5.0) == pytest.approx(200.0)


@pytest.mark.parametrize("fps", [2, 5])
def test_r_rec_5_a_camera_sending_reports_is_labelled_by_its_own_time(
        rtsp_server_factory, make_camera, run_recorder, tmp_path, fps):
    segments, sent = _recorded(rtsp_server_factory, make_camera, run_recorder, tmp_path,
                               fps, 2)
    late = segments[0].start.timestamp() - sent
    # The server's reports map its timestamps to the time it sends a picture, about one
    # picture interval after the picture leaves its payloader (measured: +0.23 s at
    # 5 fps, +0.53 s at 2 fps); what the recorder's machine and network do adds nothing.
    # From arrivals alone it was +0.43–0.45 s at 5 fps.
    assert abs(late) < 0.15 + 1 / fps, f"the first segment is labelled {late:+.2f} s off"
