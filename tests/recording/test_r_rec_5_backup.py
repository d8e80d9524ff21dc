"""R-REC-5: sealed segments are copied to a second store (a folder, or S3-compatible
storage), verified by hash; the backup check names, per camera and day, what is missing."""

import datetime as dt
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command

from watchroom.recording import backup, services
from watchroom.recording.models import Segment

from ..conftest import SYSTEM


@pytest.fixture
def two_days(make_camera, seal_file):
    camera = make_camera()
    start = dt.datetime(2026, 11, 20, 1, tzinfo=dt.UTC)
    return [seal_file(camera, start + dt.timedelta(days=d, minutes=m))
            for d in (0, 1) for m in (0, 1)]


def _check_store(store, segments):
    assert services.backup_run(actor=SYSTEM, store=store) == {"copied": 4, "failed": []}
    assert all(s.backed_up_at for s in Segment.objects.all())
    report = services.backup_check(store=store, deep=True)
    assert [(r["segments"], r["missing"], r["altered"]) for r in report] == [(2, [], [])] * 2
    return report


def test_r_rec_5_backup_to_a_folder_and_check(tmp_path, two_days):
    store = backup.FolderStore(str(tmp_path / "backup"))
    _check_store(store, two_days)
    (tmp_path / "backup" / two_days[3].path).unlink()
    (tmp_path / "backup" / two_days[0].path).write_bytes(b"altered")
    report = services.backup_check(store=store)
    assert report[0]["altered"] == [two_days[0].path]
    assert report[1]["missing"] == [two_days[3].path]
    with pytest.raises(CommandError, match="incomplete"):
        call_command("recording", "backup-check", "--target", str(tmp_path / "backup"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_endpoint(monkeypatch):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1",
                               "-p", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield endpoint
    server.terminate()
    server.wait(10)


@pytest.mark.slow
def test_r_rec_5_backup_to_s3_compatible_storage(s3_endpoint, two_days):
    import boto3

    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket="footage")
    store = backup.S3Store("s3://footage/hospital-a", s3_endpoint)
    _check_store(store, two_days)
    store.client.delete_object(Bucket="footage", Key=f"hospital-a/{two_days[1].path}")
    report = services.backup_check(store=store)
    assert report[0]["missing"] == [two_days[1].path]
