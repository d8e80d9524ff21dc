"""`watchroom health read-clock` reads a device's clock over ONVIF for a technician
trying an address, with the password from the environment, and its recordings with
--recordings; it needs no database and exits 1 naming what went wrong."""

import datetime as dt
import json
import os
import subprocess
import sys

from tests.support.onvif_device import OnvifDevice, Recording, Track

NO_DATABASE = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}


def run(*args, password="secret"):  # noqa: S107
    return subprocess.run([sys.executable, "-m", "watchroom.cli", "health", "read-clock",
                           *args], capture_output=True, text=True, timeout=120,
                          env={**NO_DATABASE, "WATCHROOM_ONVIF_PASSWORD": password})


def test_read_clock_prints_the_offset_and_the_recordings():
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with OnvifDevice(username="admin", password="secret") as device:
        device.offset_s = 95
        device.recordings = [Recording("REC1", "CAM1", tracks=[
            Track("VIDEO001", "Video", now - dt.timedelta(days=1), now, gaps=[
                (now - dt.timedelta(hours=30), now - dt.timedelta(hours=29)),
                (now - dt.timedelta(hours=3), now - dt.timedelta(hours=2))])])]
        done = run(device.address, "--user", "admin", "--recordings")
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert 94 < answer["offset_s"] <= 95.1
        assert answer["recordings"][0]["source"] == "CAM1"
        assert [(g["recording"], g["track"], g["seconds"]) for g in answer["gaps"]] == [
            ("REC1", "VIDEO001", 3600.0)]  # the last 24 h of the device's clock
        device.event_search = False
        done = run(device.address, "--user", "admin", "--recordings")
        answer = json.loads(done.stdout)
        assert answer["gaps"] is None and "unsupported" in answer["gaps_error"]
        refused = run(device.address, "--user", "admin", password="wrong")
    assert refused.returncode == 1 and "refused" in refused.stderr
