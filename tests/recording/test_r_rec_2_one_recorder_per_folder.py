"""R-REC-2 / R-REC-6: a second recorder on the same recordings folder refuses to start,
naming the process that holds it; the first keeps recording and none of its files move."""

import signal
import socket
import subprocess
import sys
import time

import pytest

from ..support.scratch import Scratch
from .test_r_rec_2_kill_9_leaves_no_truncated_segment import CATALOGUE, SETUP

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_r_rec_2_second_recorder_refuses_to_start(tmp_path, rtsp_server):
    scratch = Scratch(tmp_path, WATCHROOM_SEGMENT_SECONDS="3")
    first = second = None
    try:
        scratch.python(SETUP % rtsp_server.url(0))
        root = tmp_path / "data" / "recordings"
        first = scratch.spawn("recorder")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < 1:
            time.sleep(1)
        before = scratch.python(CATALOGUE)
        assert before, "the first recorder recorded nothing"

        second = scratch.spawn("recorder")
        try:
            output, _ = second.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            pytest.fail("the second recorder did not refuse to start")
        assert second.returncode != 0, output
        refusal = output.strip().splitlines()[-1]
        assert "R-REC-2" in refusal and str(first.pid) in refusal, output
        assert socket.gethostname() in refusal, output

        assert not (root / ".quarantine").exists(), "the second recorder moved files"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < len(before) + 2:
            time.sleep(1)
        after = scratch.python(CATALOGUE)
        assert len(after) >= len(before) + 2, "the first recorder stopped recording"
        assert not (root / ".quarantine").exists(), "a file of the first recorder was moved"
        starts = [path for path, _, _ in after]
        assert len(starts) == len(set(starts))
        first.send_signal(signal.SIGTERM)
        output, _ = first.communicate(timeout=60)
        first = None
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)
        scratch.drop()


def test_r_rec_2_second_recorder_of_the_node_refuses_on_another_folder(tmp_path, rtsp_server):
    """Two data folders, one database (PostgreSQL; or one SQLite file outside both):
    the node's lock is in the database's keeping, not the folder's."""
    scratch = Scratch(tmp_path, WATCHROOM_SEGMENT_SECONDS="3")
    first = second = None
    try:
        scratch.python(SETUP % rtsp_server.url(0))
        first = scratch.spawn("recorder")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(scratch.python(CATALOGUE)) < 1:
            time.sleep(1)
        assert scratch.python(CATALOGUE), "the first recorder recorded nothing"
        other = tmp_path / "other-data"
        second = subprocess.Popen(
            [sys.executable, "-m", "watchroom.cli", "recorder"],
            env={**scratch.env, "WATCHROOM_DATA": str(other)},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            output, _ = second.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            pytest.fail("the second recorder of the node did not refuse to start")
        refusal = output.strip().splitlines()[-1]
        assert second.returncode != 0, output
        assert str(first.pid) in refusal and socket.gethostname() in refusal, output
        assert not list((other / "recordings").rglob("*.mp4"))
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
        assert first.returncode == 0
        first = None
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(10)
        scratch.drop()
