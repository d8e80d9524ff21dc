"""Helpers for tests that run the recorder: wait for what it writes."""

import time

from watchroom.recording.models import Segment


def wait_for(condition, timeout: float, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def segments_of(camera):
    return list(Segment.objects.filter(camera=camera).order_by("start"))
