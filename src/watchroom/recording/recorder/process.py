"""`watchroom recorder`: records every camera assigned to this machine.

One process, one thread per camera reading its stream (PyAV releases the GIL while
it waits on the network and muxes), and a small pool of sealers that check, hash,
place and catalogue finished segments, so that a slow disk never stalls a camera.
"""

import datetime as dt
import json
import logging
import queue
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.context import Process
from watchroom.recording import policy, services, storage
from watchroom.recording.choices import CameraPhase, LiveEnd
from watchroom.recording.recorder import live_server, locking, salvage, sealing, sources
from watchroom.recording.recorder.segmenter import CameraWorker, Finished
from watchroom.recording.services.gaps import DETECT_FACTOR, HEARTBEAT

logger = logging.getLogger("watchroom.recorder")
ACTOR = Process("recorder")
RESUME_MARGIN = 16 * 1024 * 1024
GAP_CHECK_S = 1.0
# Stopping: every camera thread gets this long in all to finish its segment.
WORKER_STOP_S = 10.0
SEAL_BATCH = 8  # at most, so that the other sealers check and place the rest meanwhile


def db_ready() -> None:
    """Drops a connection that failed or outlived CONN_MAX_AGE, as Django does between
    requests; but a healthy SQLite connection is kept (CONN_MAX_AGE 0 would open a new
    one for every gap check and every seal, which costs more than their queries)."""
    for connection in connections.all(initialized_only=True):
        if (connection.vendor == "sqlite" and connection.connection is not None
                and not connection.errors_occurred and connection.get_autocommit()):
            continue
        connection.close_if_unusable_or_obsolete()


class Recorder:
    def __init__(self, *, node: str = "", segment_seconds: int | None = None,
                 sealers: int = 2, refresh_s: float = 5.0):
        self.node = node or settings.WATCHROOM["RECORDER_NODE"]
        self.segment_seconds = segment_seconds or settings.WATCHROOM["SEGMENT_SECONDS"]
        self.refresh_s = refresh_s
        self.stop_event = threading.Event()
        self.finished: queue.Queue[Finished | None] = queue.Queue()
        self.workers: dict[int, CameraWorker] = {}
        self.watching: dict[int, dt.datetime] = {}
        self.sealer_count = sealers
        self.sealers: list[threading.Thread] = []
        self.disk_full = threading.Event()
        self._disk_lock = threading.Lock()
        self.seal_latencies: list[float] = []
        self.lock: locking.RecorderLock | None = None
        self.cameras: list = []
        self.live_server: live_server.LiveServer | None = None
        self.noted_states: tuple | None = None  # (states, phases) as last noted
        self.noted_at = 0.0

    # --- lifecycle ---------------------------------------------------------------

    def take_lock(self) -> None:
        """R-REC-2: before anything touches the unfinished files of another recorder."""
        if self.lock is None:
            self.lock = locking.acquire(self.node)

    def release_lock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def run(self) -> None:
        self.take_lock()
        db_ready()
        report = {"incoming": salvage.salvage_incoming(actor=ACTOR),
                  **services.catalogue_reconcile(actor=ACTOR)}
        if report["unknown"] or report["missing"] or report["incoming"]:
            logger.warning("reconciled: %s unknown file(s) quarantined, %s missing, "
                           "%s unfinished segment(s) quarantined", len(report["unknown"]),
                           report["missing"], len(report["incoming"]))
        self._call(services.gaps_open_after_restart, actor=ACTOR,
                   cameras=list(policy.recorded_cameras(self.node)))
        for n in range(self.sealer_count):
            thread = threading.Thread(target=self._seal_loop, name=f"sealer-{n}", daemon=True)
            thread.start()
            self.sealers.append(thread)
        self.live_server = live_server.start(self)
        try:
            next_refresh = 0.0
            while not self.stop_event.is_set():
                if time.monotonic() >= next_refresh:
                    self.refresh()
                    next_refresh = time.monotonic() + self.refresh_s
                else:
                    self.check_gaps()
                self.stop_event.wait(min(self.refresh_s, GAP_CHECK_S))
        finally:
            self.shutdown()

    def stop(self) -> None:
        self.stop_event.set()

    def shutdown(self) -> None:
        if self.live_server is not None:
            self.live_server.stop()
        for worker in self.workers.values():
            worker.live.close(LiveEnd.RECORDER_STOPPED)
        for worker in self.workers.values():
            worker.stop()
        deadline = time.monotonic() + WORKER_STOP_S
        for worker in self.workers.values():
            worker.join(timeout=max(deadline - time.monotonic(), 0))
        for worker in self.workers.values():
            if worker.is_alive():
                worker.close_segment()  # its read has not returned: what it wrote is kept
        for _thread in self.sealers:
            self.finished.put(None)
        for thread in self.sealers:
            thread.join(timeout=60)
        connections.close_all()
        self.write_stats()
        self.release_lock()

    def write_stats(self) -> None:
        """Seal latency (last packet received → in the catalogue) of this run, for the
        operators and the benchmark."""
        latencies = sorted(self.seal_latencies)
        stats = {"sealed": len(latencies)}
        if latencies:
            stats.update(p50_s=latencies[len(latencies) // 2],
                         p95_s=latencies[int(0.95 * (len(latencies) - 1))],
                         max_s=latencies[-1])
        path = Path(settings.DATA_DIR) / "recorder-stats.json"
        path.write_text(json.dumps(stats), encoding="utf-8")

    def refresh(self) -> None:
        """Follow the camera list (new cameras start within one refresh), check storage
        and gaps."""
        try:
            db_ready()
            wanted = {c.pk: c for c in policy.recorded_cameras(self.node)}
            for camera_id in list(self.workers):
                worker = self.workers[camera_id]
                camera = wanted.get(camera_id)
                if camera is None or self._url(camera) != worker.url:
                    worker.stop()
                    worker.live.close(LiveEnd.CAMERA_REMOVED)
                    del self.workers[camera_id]
                    self.watching.pop(camera_id, None)
                elif self._sub_url(camera) != worker.live.sub_url:
                    worker.live.sub_url = self._sub_url(camera)
            for camera_id, camera in wanted.items():
                if camera_id not in self.workers:
                    self.start_camera(camera)
            self.cameras = list(wanted.values())
            self.storage_ok()
            self.check_gaps()
        except Exception:
            logger.exception("recorder refresh failed")

    def check_gaps(self) -> None:
        """R-REC-6, from what each camera's thread has received: its cause of failure,
        and how far its recording reaches."""
        try:
            db_ready()
            watching = dict(self.watching)
            workers = dict(self.workers)
            now = time.monotonic()
            for worker in workers.values():
                worker.check_stalled(now)
            for camera_id, worker in workers.items():
                if worker.recorded_until is not None and camera_id in watching:
                    reached = dt.datetime.fromtimestamp(worker.recorded_until, dt.UTC)
                    watching[camera_id] = max(watching[camera_id], reached)
            states = {camera_id: (worker.cause, worker.last_error if worker.cause else "")
                      for camera_id, worker in workers.items()}
            phases = self.phases(workers)
            # Noted when something changed, and at least once per heartbeat so that the
            # pages can tell a live recorder from a dead one.
            if (states, phases) != self.noted_states or \
                    time.monotonic() - self.noted_at >= HEARTBEAT.total_seconds():
                services.source_states_note(actor=ACTOR, states=states, phases=phases)
                self.noted_states, self.noted_at = (states, phases), time.monotonic()
            if self.gap_possible(watching, workers):
                services.gaps_check(actor=ACTOR, segment_seconds=self.segment_seconds,
                                    watching=watching, cameras=self.cameras,
                                    causes={c: w.cause for c, w in workers.items()})
        except Exception:
            logger.exception("recorder gap check failed")

    def gap_possible(self, watching: dict, workers: dict) -> bool:
        """Whether gaps_check could open a gap: not while every camera's recording
        reaches closer to now than the silence that makes one (gaps_check's own test,
        without asking the database every second). A camera whose stream has failed is
        always checked: it goes offline after the profile's shorter threshold."""
        if any(worker.cause for worker in workers.values()):
            return True
        limit = dt.timedelta(seconds=DETECT_FACTOR * self.segment_seconds)
        now = timezone.now()
        return any(reached is None or now - reached >= limit for reached in watching.values())

    def phases(self, workers: dict) -> dict[int, tuple[str, bool, str]]:
        """What the wall shows of each camera (offline is a long reconnection, which the
        catalogue's selector tells from the profile's threshold)."""
        address = self.live_server.address if self.live_server is not None else ""
        phases = {}
        for camera_id, worker in workers.items():
            if worker.connected and not worker.cause:
                phase = CameraPhase.LIVE
            elif worker.cause or worker.last_error:
                phase = CameraPhase.RECONNECTING
            else:
                phase = CameraPhase.CONNECTING
            recording = phase == CameraPhase.LIVE and not self.disk_full.is_set()
            phases[camera_id] = (str(phase), recording, address)
        return phases

    def live_for(self, camera_id: int):
        """The camera's live streams, if this recorder records it."""
        worker = self.workers.get(camera_id)
        return worker.live if worker is not None else None

    def live_state(self, camera_id: int) -> str:
        worker = self.workers.get(camera_id)
        if worker is None:
            return str(CameraPhase.NOT_RECORDED)
        return self.phases({camera_id: worker})[camera_id][0]

    @staticmethod
    def _url(camera) -> str:
        return sources.with_credentials(camera.stream_url, camera.username, camera.password)

    @staticmethod
    def _sub_url(camera) -> str:
        if not camera.substream_url:
            return ""
        return sources.with_credentials(camera.substream_url, camera.username, camera.password)

    def start_camera(self, camera) -> None:
        if not self._call(services.camera_address_check, actor=ACTOR, camera=camera):
            return
        worker = CameraWorker(
            camera_id=camera.pk, code=camera.code, url=self._url(camera),
            segment_seconds=self.segment_seconds, hand_off=self.finished.put, recorder=self,
        )
        worker.live.sub_url = self._sub_url(camera)
        self.workers[camera.pk] = worker
        self.watching[camera.pk] = timezone.now()
        worker.start()
        logger.info("recording %s from %s", camera.code, sources.redact(worker.url))

    # --- storage (R-REC-2: never make room by deleting) ------------------------------

    def storage_ok(self) -> bool:
        """False while the recordings storage is below its reserve; writing resumes once
        there is room again (freed by the sweep or a bigger disk, never by deleting)."""
        minimum = settings.WATCHROOM["RECORDING_MIN_FREE_MB"] * 1024 * 1024
        try:
            free = storage.free_bytes()
        except OSError:
            free = 0
        if free < minimum:
            self.report_disk_full(_("%(free)s MB free, %(minimum)s MB needed") % {
                "free": free // (1024 * 1024), "minimum": minimum // (1024 * 1024)})
            return False
        if self.disk_full.is_set():
            if free < minimum + RESUME_MARGIN:
                return False
            with self._disk_lock:
                if self.disk_full.is_set():
                    self.disk_full.clear()
                    self._call(services.disk_full_resolve, actor=ACTOR)
        return True

    def report_disk_full(self, detail: str) -> None:
        with self._disk_lock:
            if self.disk_full.is_set():
                return
            self.disk_full.set()
        logger.error("recording storage is full: %s", detail)
        self._call(services.disk_full_report, actor=ACTOR, detail=detail,
                   folder=str(storage.root()))

    @staticmethod
    def _call(func, **kwargs):
        try:
            db_ready()
            return func(**kwargs)
        except Exception:
            logger.exception("%s failed", func.__name__)
            return None

    # --- sealing ----------------------------------------------------------------------

    def _seal_loop(self) -> None:
        try:
            self._seal_until_stopped()
        finally:
            connections.close_all()

    def _seal_until_stopped(self) -> None:
        while True:
            item = self.finished.get()
            if item is None:
                return
            batch = [item]
            stopping = False
            while len(batch) < SEAL_BATCH:
                try:
                    more = self.finished.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batch.append(more)
            self.seal_batch(batch)
            if stopping:
                return

    def seal_batch(self, items: list[Finished]) -> None:
        """Segments that finished together (cameras cut at the same moment) are checked
        and placed one by one, and enter the catalogue in one transaction, each with its
        own row and audit event; if that transaction fails, each is sealed on its own,
        so that one bad segment never holds back the others."""
        placed = []
        for item in items:
            try:
                sealed = self.check_and_place(item)
            except Exception:
                self._seal_failed(item)
                continue
            if sealed is not None:
                placed.append((item, sealed))
        if not placed:
            return
        if len(placed) > 1:
            try:
                db_ready()
                results = services.segment_seal_batch(
                    actor=ACTOR, segments=[sealed for _item, sealed in placed])
            except Exception:
                logger.warning("sealing %s segments together failed; sealing them one by one",
                               len(placed), exc_info=True)
            else:
                now = time.monotonic()
                for (item, _sealed), result in zip(placed, results, strict=True):
                    if isinstance(result, Exception):
                        logger.error("sealing %s was refused: %s", item.temp, result)
                    else:
                        self.seal_latencies.append(now - item.closed_monotonic)
                return
        for item, sealed in placed:
            try:
                self.catalogue(item, sealed)
            except Exception:
                self._seal_failed(item)

    def _seal_failed(self, item: Finished) -> None:
        logger.exception("sealing %s failed; the file is kept in quarantine", item.temp)
        try:
            storage.quarantine(item.temp)
        except OSError:
            pass

    def seal(self, item: Finished) -> None:
        sealed = self.check_and_place(item)
        if sealed is not None:
            self.catalogue(item, sealed)

    def check_and_place(self, item: Finished) -> dict | None:
        """The checked, durably placed file's catalogue entry, or None if it was refused."""
        expected = (item.end - item.start).total_seconds()
        probe = sealing.check(item.temp, item.written, expected)
        if not probe.ok:
            kept = storage.quarantine(item.temp)
            logger.warning("camera %s: segment from %s refused (%s), kept as %s",
                           item.camera_code, item.start, probe.problem, kept)
            self._call(services.segment_report_refused, actor=ACTOR, camera_id=item.camera_id,
                       start=item.start, problem=probe.problem,
                       kept=kept.relative_to(storage.root()).as_posix())
            return None
        relpath = storage.segment_relpath(item.camera_id, item.camera_code, item.start)
        storage.place(item.temp, relpath)
        return {"camera_id": item.camera_id, "start": item.start, "end": item.end,
                "relpath": relpath, "size": probe.size, "sha256": probe.sha256}

    def catalogue(self, item: Finished, sealed: dict) -> None:
        db_ready()
        services.segment_seal(actor=ACTOR, **sealed)
        self.seal_latencies.append(time.monotonic() - item.closed_monotonic)
