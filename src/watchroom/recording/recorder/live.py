"""Live streams served from the packets the recorder already receives (no second
connection to the camera for the main stream, no transcoding unless a browser cannot
decode the camera's codec).

Per camera a `CameraLive` holds one `StreamFeed` per stream ("main", "sub"). The camera's
thread calls `feed(packet, arrival)` once per picture: the feed keeps the pictures since
the last keyframe (so that a new viewer starts at once), turns the picture into one
fMP4 fragment when someone watches, and offers it to each viewer's bounded queue. It
never waits: a viewer whose queue is full is dropped. Each viewer's socket is written
by that viewer's own thread (the live server's request thread), with a send timeout.

The sub-stream is pulled (its own connection) only while someone watches it and is let
go SUB_LINGER_S after the last viewer leaves; "sub" of a camera without a sub-stream
is the main stream. H.265 is served as it is, or, for a viewer whose browser cannot
decode it, transcoded to H.264 by a `Transcoder` thread for as long as such viewers
exist (the recording is never touched).
"""

import collections
import fractions
import logging
import queue
import threading
import time
from dataclasses import dataclass, field

import av
from django.conf import settings

from watchroom.recording.choices import LiveEnd
from watchroom.recording.recorder import fmp4, sources

logger = logging.getLogger("watchroom.recorder.live")

QUEUE_FRAGMENTS = 150  # a viewer this far behind (several seconds) is dropped
QUEUE_BYTES = 16 * 1024 * 1024
GOP_LIMIT = 600  # pictures kept for a new viewer; a longer GOP starts at the next keyframe
SUB_LINGER_S = 10.0
MAX_STEP_S = 10.0  # a larger decode-time step is a discontinuity, not time passing
LATENCY_SAMPLES = 20000


def h264_max_kbps(width: int, height: int) -> int:
    """The cap of a live H.264 copy: LIVE_H264_MAX_KBPS, or (0) 4000 kbit/s at 1080p
    scaled by the picture's area, at least 300."""
    configured = settings.WATCHROOM.get("LIVE_H264_MAX_KBPS", 0)
    if configured:
        return int(configured)
    return max(300, round(4000 * width * height / (1920 * 1080)))


@dataclass
class Unit:
    """One picture, as the feed keeps it."""

    data: bytes
    decode_time: int  # in the init segment's timescale, continuous across reconnections
    duration: int
    offset: int  # composition offset
    key: bool
    arrival: float
    sequence: int
    fragment: bytes | None = None


class Viewer:
    """One viewer's bounded queue; `offer` never blocks."""

    def __init__(self, *, codec: str = "", session_id: int = 0, user_id: int = 0,
                 limit: int = QUEUE_FRAGMENTS, limit_bytes: int = QUEUE_BYTES):
        self.codec = codec
        self.session_id = session_id
        self.user_id = user_id
        self.limit, self.limit_bytes = limit, limit_bytes
        self.items: collections.deque = collections.deque()
        self.queued_bytes = 0
        self.cond = threading.Condition()
        self.ended: str = ""
        self.started = False  # the first fragment it gets is a keyframe's
        self.sent = 0
        self.on_drop = None  # called (from the feeding thread) when dropped

    def offer(self, item: bytes, arrival: float) -> bool:
        with self.cond:
            if self.ended:
                return False
            if len(self.items) >= self.limit or self.queued_bytes + len(item) > self.limit_bytes:
                self.ended = LiveEnd.TOO_SLOW
                self.items.clear()
                self.cond.notify()
                dropped = True
            else:
                self.items.append((item, arrival))
                self.queued_bytes += len(item)
                self.cond.notify()
                return True
        if dropped and self.on_drop is not None:
            try:
                self.on_drop()
            except OSError:
                pass
        return False

    def end(self, reason: str) -> None:
        with self.cond:
            if not self.ended:
                self.ended = reason
            self.cond.notify()

    def take(self, timeout: float) -> list:
        """What is queued (possibly nothing after `timeout`); [] and `ended` set at the end."""
        with self.cond:
            if not self.items and not self.ended:
                self.cond.wait(timeout)
            items = list(self.items)
            self.items.clear()
            self.queued_bytes = 0
            return items


@dataclass
class Latency:
    """Packet arrival at the recorder → its bytes written to a viewer's socket."""

    samples: collections.deque = field(
        default_factory=lambda: collections.deque(maxlen=LATENCY_SAMPLES))

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)

    def summary(self) -> dict:
        values = sorted(self.samples)
        if not values:
            return {"latency_samples": 0}
        return {"latency_samples": len(values),
                "latency_p50_ms": round(1000 * values[len(values) // 2], 2),
                "latency_p95_ms": round(1000 * values[int(0.95 * (len(values) - 1))], 2),
                "latency_max_ms": round(1000 * values[-1], 2)}


LATENCY = Latency()


class StreamFeed:
    """One stream of one camera: its init segment, the pictures since the last
    keyframe, its viewers."""

    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()
        self.viewers: list[Viewer] = []
        self.gop: list[Unit] = []
        self.init: fmp4.Init | None = None
        self.template = None
        self.ready = threading.Event()  # an init and a keyframe are there
        self.sequence = 0
        self.last_dts: int | None = None
        self.last_time = 0
        self.last_duration = 0
        self.scale = 1.0
        self.idle_since = time.monotonic()
        self.transcoder: Transcoder | None = None
        self.h264: StreamFeed | None = None  # the transcoded copy, while watched
        self.waiting = 0  # viewers waiting for the stream to be ready

    def wait_ready(self, timeout: float) -> bool:
        """Whether the stream has an init segment and a keyframe within `timeout`; the
        stream counts as watched meanwhile (a sub-stream being opened stays open)."""
        with self.lock:
            self.waiting += 1
        try:
            return self.ready.wait(timeout)
        finally:
            with self.lock:
                self.waiting -= 1
                if not self.viewers:
                    self.idle_since = time.monotonic()

    # --- the feeding thread ------------------------------------------------------------

    def feed(self, packet, arrival: float, stream) -> None:
        if stream is not self.template:
            self._restart(stream)
        if self.init is None:
            return
        self.push(bytes(packet), packet.pts, packet.dts, packet.is_keyframe, arrival)

    def push(self, data: bytes, pts, dts, key: bool, arrival: float) -> None:
        decode = dts if dts is not None else pts
        if decode is None:
            return
        decode_time, duration = self._timeline(decode)
        offset = round((pts - decode) * self.scale) if pts is not None else 0
        self.sequence += 1
        unit = Unit(data, decode_time, duration, offset, key, arrival, self.sequence)
        with self.lock:
            if key:
                self.gop = [unit]
                self.ready.set()
            elif self.gop and len(self.gop) < GOP_LIMIT:
                self.gop.append(unit)
            else:
                self.gop = []
            viewers = self.viewers
            transcoder = self.transcoder
        if transcoder is not None:
            transcoder.offer(unit)
        if not viewers:
            return
        dropped = []
        for viewer in viewers:
            if not viewer.started:
                if not key:
                    continue
                viewer.started = True
            if not viewer.offer(self.fragment(unit), arrival):
                dropped.append(viewer)
        if dropped:
            with self.lock:
                self.viewers = [v for v in self.viewers if v not in dropped]
                if not self.viewers:
                    self.idle_since = time.monotonic()

    def _timeline(self, decode: int) -> tuple[int, int]:
        """A decode time that only moves forward, across reconnections and camera jumps."""
        scaled = round(decode * self.scale)
        if self.last_dts is None:
            decode_time = self.last_time + self.last_duration
        else:
            step = scaled - self.last_dts
            if 0 < step <= MAX_STEP_S * self.init.timescale:
                decode_time = self.last_time + step
                self.last_duration = step
            else:
                decode_time = self.last_time + (self.last_duration or self.init.timescale // 25)
        if not self.last_duration:
            self.last_duration = self.init.timescale // 25
        self.last_dts, self.last_time = scaled, decode_time
        return decode_time, self.last_duration

    def _restart(self, stream, **parameters) -> None:
        """A new connection to the camera: a new init segment; viewers carry on unless the
        codec changed (they were told it in the response's header)."""
        self.template = stream
        try:
            init = fmp4.init_segment(stream, **parameters)
        except (ValueError, av.FFmpegError) as exc:
            logger.warning("live %s: no init segment (%s)", self.name, exc)
            init = None
        with self.lock:
            previous = self.init
            self.init = init
            self.gop = []
            self.ready.clear()
            if init is not None:
                self.scale = float(stream.time_base * init.timescale)
            self.last_dts = None
            if previous is not None and (init is None or init.codec != previous.codec):
                for viewer in self.viewers:
                    viewer.end(LiveEnd.CAMERA_REMOVED)
                self.viewers = []
                self.idle_since = time.monotonic()
            elif init is not None:
                for viewer in self.viewers:
                    viewer.started = False
                    viewer.offer(init.data, time.time())

    def fragment(self, unit: Unit) -> bytes:
        if unit.fragment is None:
            sample = fmp4.length_prefixed(unit.data, self.init.hevc) if self.init.annexb \
                else unit.data
            unit.fragment = fmp4.fragment(unit.sequence, unit.decode_time, unit.duration,
                                          unit.offset, unit.key, sample)
        return unit.fragment

    # --- viewers' threads ----------------------------------------------------------------

    def join(self, viewer: Viewer) -> bytes:
        """Registers `viewer`; what it is sent first: the init segment and the pictures
        since the last keyframe."""
        with self.lock:
            init, gop = self.init, list(self.gop)
            self.viewers = [*self.viewers, viewer]
            viewer.started = bool(gop)
        if init is None:
            return b""
        return init.data + b"".join(self.fragment(u) for u in gop)

    def leave(self, viewer: Viewer) -> None:
        with self.lock:
            if viewer in self.viewers:
                self.viewers = [v for v in self.viewers if v is not viewer]
            if not self.viewers:
                self.idle_since = time.monotonic()

    def watched(self) -> bool:
        copy = self.h264
        return bool(self.viewers) or self.waiting > 0 or (copy is not None and copy.watched())

    def close(self, reason: str) -> None:
        with self.lock:
            viewers, self.viewers = self.viewers, []
            transcoder, self.transcoder = self.transcoder, None
        for viewer in viewers:
            viewer.end(reason)
        if transcoder is not None:
            transcoder.stop()
        if self.h264 is not None:
            self.h264.close(reason)

    # --- H.265 viewed as H.264 -----------------------------------------------------------

    def h264_copy(self) -> "StreamFeed":
        """The H.264 copy of this (H.265) stream, transcoded while someone watches it."""
        with self.lock:
            if self.h264 is None:
                self.h264 = StreamFeed(f"{self.name}/h264")
            if self.transcoder is None or not self.transcoder.is_alive():
                self.transcoder = Transcoder(self, self.h264)
                self.transcoder.start()
            return self.h264


class Transcoder(threading.Thread):
    """H.265 → H.264 (libx264 ultrafast, zerolatency, its bitrate capped by
    `h264_max_kbps` over a one-second buffer) for viewers whose browser cannot
    decode H.265; runs while they watch, reading the camera's pictures from a bounded
    queue (a picture it cannot keep up with is skipped up to the next keyframe)."""

    IDLE_S = 5.0

    def __init__(self, source: StreamFeed, target: StreamFeed):
        super().__init__(name=f"transcode-{source.name}", daemon=True)
        self.source, self.target = source, target
        self.units: queue.Queue = queue.Queue(maxsize=50)
        self.stop_event = threading.Event()
        self.skipping = False

    def offer(self, unit: Unit) -> None:
        if self.skipping and not unit.key:
            return
        try:
            self.units.put_nowait(unit)
            self.skipping = False
        except queue.Full:
            self.skipping = True

    def stop(self) -> None:
        self.stop_event.set()

    def run(self) -> None:
        try:
            self._run()
        except Exception:
            logger.exception("transcoding %s failed", self.source.name)
        finally:
            with self.source.lock:
                if self.source.transcoder is self:
                    self.source.transcoder = None
            self.target.close(LiveEnd.CAMERA_REMOVED)

    def _run(self) -> None:
        template = self.source.template
        decoder = av.CodecContext.create(template.codec_context.name, "r")
        decoder.thread_count = 1
        if template.codec_context.extradata:
            decoder.extradata = template.codec_context.extradata
        output = av.open(fmp4._Sink(), "w", format="mp4")
        encoder = None
        idle_since = time.monotonic()
        timescale = self.source.init.timescale
        while not self.stop_event.is_set():
            if self.target.viewers:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.IDLE_S:
                return
            try:
                unit = self.units.get(timeout=0.5)
            except queue.Empty:
                continue
            packet = av.Packet(unit.data)
            packet.pts = unit.decode_time + unit.offset
            packet.dts = unit.decode_time
            try:
                frames = decoder.decode(packet)
            except av.FFmpegError:
                continue
            for frame in frames:
                if encoder is None:
                    encoder = output.add_stream("libx264", rate=25)
                    context = encoder.codec_context
                    context.width, context.height = frame.width, frame.height
                    context.pix_fmt = "yuv420p"
                    encoder.time_base = fractions.Fraction(1, timescale)
                    context.time_base = encoder.time_base
                    kbps = h264_max_kbps(frame.width, frame.height)
                    context.options = {
                        "preset": "ultrafast", "tune": "zerolatency", "g": "50",
                        "bf": "0", "crf": "23", "maxrate": f"{kbps}k",
                        "bufsize": f"{kbps}k"}
                    context.thread_count = 1
                    context.flags |= av.codec.context.Flags.global_header
                    context.open()
                    self.target._restart(encoder, extradata=context.extradata,
                                         width=frame.width, height=frame.height)
                frame.pts = unit.decode_time + unit.offset
                frame.time_base = encoder.time_base
                frame.pict_type = av.video.frame.PictureType.NONE
                for out in encoder.encode(frame.reformat(format="yuv420p")):
                    self.target.push(bytes(out), out.pts, out.dts, out.is_keyframe,
                                     unit.arrival)


class SubStream(threading.Thread):
    """The camera's sub-stream, its own connection, held while it is watched."""

    def __init__(self, live: "CameraLive", url: str):
        super().__init__(name=f"substream-{live.camera_id}", daemon=True)
        self.live, self.url = live, url
        self.stop_event = threading.Event()
        self.connected = False
        self.last_error = ""

    def stop(self) -> None:
        self.stop_event.set()

    def wanted(self) -> bool:
        feed = self.live.feeds["sub"]
        return not self.stop_event.is_set() and (
            feed.watched() or time.monotonic() - feed.idle_since < SUB_LINGER_S)

    def run(self) -> None:
        from watchroom.recording.recorder.segmenter import access_units

        backoff = 1.0
        feed = self.live.feeds["sub"]
        try:
            while self.wanted():
                try:
                    container = sources.open_stream(self.url)
                except Exception as exc:
                    self.last_error = sources.redact_text(str(exc))[:300]
                    self.stop_event.wait(backoff)
                    backoff = min(2 * backoff, 10.0)
                    continue
                try:
                    self.connected = True
                    stream = container.streams.video[0]
                    for packet, arrival in access_units(container.demux(stream)):
                        if not self.wanted():
                            break
                        feed.feed(packet, arrival, stream)
                except Exception as exc:
                    self.last_error = sources.redact_text(str(exc))[:300]
                finally:
                    self.connected = False
                    container.close()
        finally:
            with self.live.lock:
                if self.live.sub is self:
                    self.live.sub = None


class CameraLive:
    """A camera's live streams; `feed` is the one call the camera's thread makes."""

    def __init__(self, camera_id: int, sub_url: str = ""):
        self.camera_id = camera_id
        self.sub_url = sub_url
        self.lock = threading.Lock()
        self.feeds = {"main": StreamFeed(f"{camera_id}/main"),
                      "sub": StreamFeed(f"{camera_id}/sub")}
        self.sub: SubStream | None = None
        self.closed = False
        self.failed = False  # logged once

    def feed(self, packet, arrival: float, stream) -> None:
        """Never raises and never waits: live viewing must not disturb recording."""
        try:
            self.feeds["main"].feed(packet, arrival, stream)
        except Exception:
            if not self.failed:
                logger.exception("live feed of camera %s failed", self.camera_id)
            self.failed = True

    def stream(self, name: str) -> StreamFeed:
        """The feed serving `name`; the sub-stream's connection is opened if needed."""
        if name != "sub" or not self.sub_url:
            return self.feeds["main"]
        with self.lock:
            if not self.closed and (self.sub is None or not self.sub.is_alive()):
                self.feeds["sub"].idle_since = time.monotonic()
                self.sub = SubStream(self, self.sub_url)
                self.sub.start()
        return self.feeds["sub"]

    def sub_open(self) -> bool:
        sub = self.sub
        return sub is not None and sub.is_alive()

    def close(self, reason: str) -> None:
        with self.lock:
            self.closed = True
            sub, self.sub = self.sub, None
        if sub is not None:
            sub.stop()
        for feed in self.feeds.values():
            feed.close(reason)
