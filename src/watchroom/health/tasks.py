"""Camera health's background tasks (see watchroom.scheduler): the probe of one camera
and the sweep over every camera in service, a few at a time, every `health_check_minutes`
(R-EQUIP-3); clocks (R-DUTY-5); outside recorders' recordings; blocks that end."""

import fcntl
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connections
from django_tasks import task

from watchroom.audit.context import Process
from watchroom.devices.models import Camera
from watchroom.health import probe
from watchroom.health.selectors import probes as selectors
from watchroom.health.selectors.clock import clocks_to_measure
from watchroom.health.services import blocks
from watchroom.health.services import probes as services
from watchroom.health.services.clock import clocks_measure
from watchroom.health.services.recordings import outside_recorders, recordings_check

logger = logging.getLogger("watchroom.health")
ACTOR = Process("worker")
_running = threading.Lock()


@contextmanager
def sweep_lock():
    """True while this process holds the sweep (a thread lock and a file lock in the data
    folder: one sweep at a time on this machine, however many workers); False when
    another sweep runs."""
    if not _running.acquire(blocking=False):
        yield False
        return
    try:
        path = Path(settings.WATCHROOM["HEALTH_PICTURES_DIR"]) / ".sweep.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        _running.release()


def probe_and_record(camera: Camera, *, actor=ACTOR, **options):
    """Probe one camera and keep the result (its alerts raised or closed)."""
    result = probe.probe_camera(camera, **options)
    return services.health_check_record(actor=actor, camera=camera, result=result)


@task()
def probe_camera_task(camera_id: int):
    camera = Camera.objects.select_related("area__site").filter(pk=camera_id).first()
    if camera is None or not selectors.probed(camera):
        return None
    return probe_and_record(camera).pk


def _observe(camera, viewer, address):
    try:
        return probe.probe_camera(camera, viewer=viewer, address=address, excused=False)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()


def sweep(*, parallel: int | None = None, cameras=None) -> dict:
    """Probe every camera in service with a stream address, `parallel` at a time (the
    network waits in threads; results are kept here, one by one, as they come)."""
    with sweep_lock() as held:
        if not held:
            logger.info("a health sweep is already running")
            return {"skipped": True}
        started = time.monotonic()
        cameras = list(cameras if cameras is not None else selectors.probed_cameras())
        from watchroom.recording.selectors import camera_states

        states = camera_states([c.pk for c in cameras]) if cameras else {}
        waiting = [c for c in cameras if selectors.awaiting_recorder(c, states.get(c.pk))]
        cameras = [c for c in cameras if c not in waiting]
        viewer = probe.probe_viewer()
        addresses = {}
        if viewer is not None:
            addresses = {pk: s.live_url for pk, s in states.items()
                         if s.state == "live" and s.live_url}
        parallel = parallel or settings.WATCHROOM.get("HEALTH_PARALLEL", 16)
        counts = {"cameras": len(cameras), "ok": 0, "problems": 0, "failed": 0,
                  "waiting": len(waiting)}
        with ThreadPoolExecutor(max_workers=max(1, parallel),
                                thread_name_prefix="health-probe") as pool:
            futures = {pool.submit(_observe, c, viewer, addresses.get(c.pk, "")): c
                       for c in cameras}
            for future in as_completed(futures):
                camera = futures[future]
                try:
                    result = probe.excuse(camera, future.result())
                    check = services.health_check_record(actor=ACTOR, camera=camera,
                                                         result=result)
                    counts["ok" if check.ok else "problems"] += 1
                except Exception:
                    counts["failed"] += 1
                    logger.exception("probing camera %s failed", camera.code)
        counts["seconds"] = round(time.monotonic() - started, 2)
        logger.info("health sweep: %s", counts)
        return counts


@task()
def health_sweep_task():
    return sweep()



@task()
def clock_measure_task():
    """R-DUTY-5: read every camera's and recorder's clock that has an ONVIF address."""
    readings = clocks_measure(actor=ACTOR, equipment=clocks_to_measure())
    return {"read": sum(r.offset_s is not None for r in readings),
            "off": sum(r.offset_s is not None and not r.ok for r in readings),
            "unread": sum(r.offset_s is None for r in readings)}


@task()
def recordings_check_task():
    """ONVIF Profile G: what each outside recorder with an ONVIF address still records."""
    asked = [recordings_check(actor=ACTOR, recorder=r) for r in outside_recorders()]
    return {"asked": len(asked), "answered": sum(a is not None for a in asked)}


@task()
def blocks_end_task():
    """R-EQUIP-5: blocks whose end time has come end by themselves, and their cameras
    are checked again."""
    return [block.pk for block in blocks.blocks_end_due(actor=ACTOR)]
