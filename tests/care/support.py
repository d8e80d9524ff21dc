"""Equipment and people for the fault tests, made through the services."""

import itertools

from tests.conftest import SYSTEM
from watchroom.devices import services as devices
from watchroom.health.models import HealthCheck

_numbers = itertools.count(1)


def camera(area, **extra):
    n = next(_numbers)
    return devices.camera_create(actor=SYSTEM, code=f"FC{n}", name=f"门诊 {n}", area=area,
                                 stream_url=f"rtsp://192.0.2.{n % 250 + 1}:554/f{n}", **extra)


def display(room):
    n = next(_numbers)
    return devices.display_create(actor=SYSTEM, code=f"FD{n}", name=f"监视器 {n}", room=room)


def health_check(camera, at, ok=True):
    return HealthCheck.objects.create(camera=camera, checked_at=at, reachable=ok, ok=ok,
                                      problems=[] if ok else ["black"])
