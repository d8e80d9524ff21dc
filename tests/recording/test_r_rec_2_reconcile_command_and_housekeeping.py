"""`watchroom recording reconcile` re-hashes and fails on findings (R-REC-2); a camera
no longer recorded leaves no open gap alert (R-REC-6); recorder log lines say their
time zone."""

import datetime as dt
import io
import logging
import logging.config
import re

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from watchroom.alerts.models import Alert
from watchroom.devices import services as devices
from watchroom.recording import storage, tasks
from watchroom.recording.models import Gap, Segment

from ..conftest import SYSTEM


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def two(make_camera, seal_file):
    camera = make_camera()
    start = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    return [seal_file(camera, start + dt.timedelta(minutes=i)) for i in range(2)]


def test_r_rec_2_reconcile_with_nothing_found_exits_zero(two):
    out = io.StringIO()
    call_command("recording", "reconcile", stdout=out)
    assert '"changed": 0' in out.getvalue()


def test_r_rec_2_reconcile_fails_on_an_unknown_file(two):
    stray = storage.absolute(two[0].path).with_name("stray.mp4")
    stray.write_bytes(b"not ours")
    with pytest.raises(CommandError):
        call_command("recording", "reconcile", stdout=io.StringIO())
    assert not stray.exists()


def test_r_rec_2_reconcile_rehashes_sealed_segments(two):
    path = storage.absolute(two[1].path)
    data = bytearray(path.read_bytes())
    data[5] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        call_command("recording", "reconcile", stdout=io.StringIO())
    assert Segment.objects.get(pk=two[1].pk).integrity == "changed"


def test_r_rec_6_gap_alert_of_a_disabled_camera_closes(make_camera, seal_file):
    camera = make_camera()
    seal_file(camera, timezone.now() - dt.timedelta(minutes=10))
    tasks.gap_check_task.call()
    assert Alert.objects.filter(key=f"recording.gap:{camera.pk}",
                                closed_at__isnull=True).exists()
    devices.camera_update(actor=SYSTEM, camera=camera, enabled=False)
    tasks.gap_check_task.call()
    alert = Alert.objects.get(key=f"recording.gap:{camera.pk}")
    assert alert.closed_at is not None
    assert "no longer recorded" in alert.close_note
    assert Gap.objects.get(camera=camera).end is not None
    tasks.gap_check_task.call()
    assert Alert.objects.filter(key=f"recording.gap:{camera.pk}").count() == 1


def test_r_rec_6_recorder_log_lines_carry_their_time_zone():
    stream = io.StringIO()
    config = {**django_settings.LOGGING, "handlers": {"mem": {
        "class": "logging.StreamHandler", "formatter": "plain", "stream": stream}},
        "root": {"handlers": ["mem"], "level": "INFO"}, "disable_existing_loggers": False}
    try:
        logging.config.dictConfig(config)
        logging.getLogger("watchroom.recorder").info("recording CAM-1")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)
    line = stream.getvalue()
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00 INFO watchroom.recorder: "
                    r"recording CAM-1", line), line
