"""The recorder's live server: `GET /live/<camera_id>/<main|sub>.mp4?t=<ticket>`.

200 with `Content-Type: video/mp4` and `X-Codec` (the codec string for MediaSource),
then the init segment and one moof+mdat per picture, starting at the latest keyframe,
for as long as the viewer reads; 403 {"rule","detail"} for a ticket that does not hold
(audited), 404 for a camera not recorded here, 503 {"state"} when the camera is not live.
Each request has its own thread, which alone writes its socket (with a send timeout);
the camera's thread only ever offers fragments to its bounded queue.
"""

import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.translation import gettext as _

from watchroom.audit.context import Process
from watchroom.recording import live_tickets, services
from watchroom.recording.choices import LiveEnd
from watchroom.recording.recorder import live

logger = logging.getLogger("watchroom.recorder.live")
ACTOR = Process("recorder")
PATH = re.compile(r"^/live/(\d+)/(main|sub)\.mp4$")
SEND_TIMEOUT_S = 5.0
SEND_BUFFER = 256 * 1024
READY_WAIT_S = 8.0  # for a stream being connected (a sub-stream opened on demand)
TOUCH_EVERY_S = 10.0


class LiveHandler(BaseHTTPRequestHandler):
    server_version = "WatchroomLive"
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):
        logger.debug("%s %s", self.address_string(), format % args)

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-Codec")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET")
        self.end_headers()

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, *, actor, camera_id, stream: str, reason: str) -> None:
        detail = _("This live stream cannot be opened with this ticket.")
        try:
            close_old_connections()
            services.live_refusal_record(actor=actor, camera_id=camera_id, stream=stream,
                                         reason=reason, client=self.client_address[0])
        except Exception:
            logger.exception("recording a refused live stream failed")
        self._json(403, {"rule": "R-FOOT-6", "detail": detail})

    def do_GET(self):
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        finally:
            connections.close_all()

    def _get(self):
        parts = urlsplit(self.path)
        match = PATH.match(parts.path)
        if not match:
            self._json(404, {"detail": "not found"})
            return
        camera_id, stream = int(match.group(1)), match.group(2)
        token = (parse_qs(parts.query).get("t") or [""])[0]
        try:
            ticket = live_tickets.read(token)
        except live_tickets.TicketRefused as exc:
            self._refuse(actor=ACTOR, camera_id=camera_id, stream=stream,
                         reason=f"ticket: {exc}")
            return
        user = _user(ticket.user_id)
        if ticket.camera_id != camera_id or ticket.stream != stream:
            self._refuse(actor=user or ACTOR, camera_id=camera_id, stream=stream,
                         reason=f"ticket for camera {ticket.camera_id} {ticket.stream}")
            return
        recorder = self.server.recorder
        camera_live = recorder.live_for(camera_id)
        if camera_live is None:
            self._json(404, {"detail": _("This camera is not recorded here.")})
            return
        feed = camera_live.stream(stream)
        if not feed.wait_ready(READY_WAIT_S):
            self._json(503, {"state": recorder.live_state(camera_id)})
            return
        if ticket.codec == "h264" and feed.init is not None and feed.init.hevc:
            feed = feed.h264_copy()
            if not feed.wait_ready(READY_WAIT_S):
                self._json(503, {"state": recorder.live_state(camera_id)})
                return
        close_old_connections()
        session = services.live_session_start(
            actor=ACTOR, session_id=ticket.session_id, user_id=ticket.user_id,
            camera_id=camera_id, stream=stream)
        if session is None:
            self._refuse(actor=user or ACTOR, camera_id=camera_id, stream=stream,
                         reason=f"session {ticket.session_id} not open for this ticket")
            return
        connections.close_all()  # none held while streaming
        self._stream(feed, ticket, session.pk)

    def _stream(self, feed: live.StreamFeed, ticket, session_id: int) -> None:
        sock = self.connection
        sock.settimeout(SEND_TIMEOUT_S)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        viewer = live.Viewer(codec=ticket.codec, session_id=session_id, user_id=ticket.user_id)
        viewer.on_drop = lambda: sock.shutdown(socket.SHUT_RDWR)
        server = self.server
        server.viewer_started(viewer)
        reason = LiveEnd.VIEWER_LEFT
        try:
            first = feed.join(viewer)
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("X-Codec", feed.init.codec)
            self.end_headers()
            self.wfile.write(first)
            viewer.sent += len(first)
            while not viewer.ended and not server.stopping.is_set():
                items = viewer.take(1.0)
                if not items:
                    continue
                self.wfile.write(b"".join(item for item, _arrival in items))
                now = time.time()
                for item, arrival in items:
                    viewer.sent += len(item)
                    live.LATENCY.add(now - arrival)
            reason = viewer.ended or (LiveEnd.RECORDER_STOPPED if server.stopping.is_set()
                                      else LiveEnd.VIEWER_LEFT)
        except TimeoutError:
            reason = viewer.ended or LiveEnd.SEND_TIMEOUT
        except OSError:
            reason = viewer.ended or LiveEnd.VIEWER_LEFT
        finally:
            feed.leave(viewer)
            viewer.end(reason)
            server.viewer_ended(viewer)
            try:
                close_old_connections()
                services.live_session_close(actor=ACTOR, session_id=session_id,
                                            reason=reason, sent=viewer.sent)
            except Exception:
                logger.exception("closing live session %s failed", session_id)


def _user(user_id: int):
    from django.contrib.auth import get_user_model

    try:
        close_old_connections()
        return get_user_model().objects.filter(pk=user_id).first()
    except Exception:
        logger.exception("reading the ticket's user failed")
        return None


class LiveServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, recorder, host: str, port: int):
        super().__init__((host, port), LiveHandler)
        self.recorder = recorder
        self.stopping = threading.Event()
        self.viewers: set[live.Viewer] = set()
        self.viewers_lock = threading.Lock()
        self.served = 0
        self.dropped = 0
        self.thread: threading.Thread | None = None
        self.toucher: threading.Thread | None = None

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    def start(self) -> "LiveServer":
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.5},
                                       name="live-server", daemon=True)
        self.thread.start()
        self.toucher = threading.Thread(target=self._touch_loop, name="live-sessions",
                                        daemon=True)
        self.toucher.start()
        logger.info("live streams served on %s", self.address)
        return self

    def viewer_started(self, viewer: live.Viewer) -> None:
        with self.viewers_lock:
            self.viewers.add(viewer)
            self.served += 1

    def viewer_ended(self, viewer: live.Viewer) -> None:
        with self.viewers_lock:
            self.viewers.discard(viewer)
            if viewer.ended in (LiveEnd.TOO_SLOW, LiveEnd.SEND_TIMEOUT):
                self.dropped += 1

    def _touch_loop(self) -> None:
        while not self.stopping.wait(TOUCH_EVERY_S):
            with self.viewers_lock:
                sent = {v.session_id: v.sent for v in self.viewers}
            if not sent:
                continue
            try:
                close_old_connections()
                services.live_sessions_touch(actor=ACTOR, sent=sent)
            except Exception:
                logger.exception("touching live sessions failed")
        connections.close_all()

    def stop(self) -> None:
        """Every viewer ends (its session closed and audited), then the server."""
        self.stopping.set()
        with self.viewers_lock:
            viewers = list(self.viewers)
        for viewer in viewers:
            viewer.end(LiveEnd.RECORDER_STOPPED)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with self.viewers_lock:
                if not self.viewers:
                    break
            time.sleep(0.05)
        self.shutdown()
        self.server_close()
        self.write_stats()

    def write_stats(self) -> None:
        stats = {"served": self.served, "dropped": self.dropped, **live.LATENCY.summary()}
        path = Path(settings.DATA_DIR) / "live-stats.json"
        try:
            path.write_text(json.dumps(stats), encoding="utf-8")
        except OSError:
            logger.exception("writing %s failed", path)


def start(recorder) -> LiveServer | None:
    host = settings.WATCHROOM.get("LIVE_HOST", "127.0.0.1")
    port = int(settings.WATCHROOM.get("LIVE_PORT", 8010))
    try:
        return LiveServer(recorder, host, port).start()
    except OSError as exc:
        logger.error("the live server cannot listen on %s:%s: %s", host, port, exc)
        return None
