"""Cameras, pictures and health checks for the tests of reference pictures, blocks and
changes: pictures are real frames decoded from the test sources' clips, encoded to PNG
(or JPEG) with OpenCV as a camera's snapshot would be."""

import datetime as dt
import itertools
from pathlib import Path

import cv2
import pytest
from django.conf import settings
from django_tasks import task

from watchroom.devices import services as devices
from watchroom.health.models import HealthCheck

_numbers = itertools.count(1)


def encode(frame, suffix: str = ".png") -> bytes:
    ok, data = cv2.imencode(suffix, frame)
    assert ok
    return data.tobytes()


def camera_in(area, actor):
    n = next(_numbers)
    return devices.camera_create(actor=actor, code=f"HC{n}", name=f"走廊 {n}", area=area)


def health_check(camera, at: dt.datetime, frame, *, ok: bool = True) -> HealthCheck:
    """A probe's record with its picture written where the probe keeps pictures."""
    relpath = f"{camera.pk}/{at:%Y%m%dT%H%M%S}.png"
    path = Path(settings.WATCHROOM["HEALTH_PICTURES_DIR"]) / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode(frame))
    height, width = frame.shape[:2]
    return HealthCheck.objects.create(
        camera=camera, checked_at=at, reachable=True, source="pull", codec="h264",
        width=width, height=height, ok=ok, picture=relpath,
        problems=[] if ok else ["covered"])


@pytest.fixture
def health_folders(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM,
                          "HEALTH_REFERENCES_DIR": tmp_path / "references",
                          "HEALTH_PICTURES_DIR": tmp_path / "health-pictures"}
    return tmp_path


@task()
def probe_camera_task(camera_id: int):
    """Stands in for the probe of one camera: the tests see that it was asked for."""
    return camera_id
