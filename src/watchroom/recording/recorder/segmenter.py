"""Cutting one camera's stream into segments: stream copy, a new file at the first
keyframe after each segment length, written to .incoming and handed to the sealer."""

import datetime as dt
import errno
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import av

from watchroom.recording import storage
from watchroom.recording.choices import SourceCause
from watchroom.recording.recorder import sources
from watchroom.recording.recorder.live import CameraLive
from watchroom.recording.recorder.sink import Sink, Written

logger = logging.getLogger("watchroom.recorder")

MAX_JUMP_S = 10.0  # a timestamp jump larger than this is a discontinuity, not time passing
MAX_DRIFT_S = 5.0  # stream clock vs. wall clock before re-anchoring
STALL_MARGIN_S = 2.0  # after the read deadline, so that FFmpeg's own deadline fires first
FRAGMENTED_MP4 = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
SINK_BUFFER = 256 * 1024


@dataclass
class Finished:
    """A closed file in .incoming, waiting to be checked, hashed and sealed."""

    camera_id: int
    camera_code: str
    temp: Path
    start: dt.datetime
    end: dt.datetime
    packets: int
    closed_monotonic: float
    written: Written | None = None  # its hash and structure, taken as it was written


class DiskFull(Exception):
    pass


def incoming_name(camera_id: int, start_wall: float) -> str:
    """The camera and the time writing started travel in the name of the file being
    written, so that what a crash leaves behind can be put back in its place."""
    return f"{camera_id:05d}-{int(start_wall * 1000):013d}-{uuid.uuid4().hex}.mp4.part"


class SegmentFile:
    def __init__(self, template, start_wall: float, first_ts: float, camera_id: int):
        self.temp = storage.incoming_dir() / incoming_name(camera_id, start_wall)
        self.first_ts = first_ts
        self.last_ts = first_ts
        self.frame_s = 0.0
        self.packets = 0
        self.dropped = 0
        self.offset = None
        self.last_dts = None
        # Each finished fragment goes to the file at once (not when FFmpeg's buffer is
        # full): what a crash leaves is every fragment but the last.
        self.sink = Sink(self.temp)
        try:
            self.container = av.open(self.sink, "w", format="mp4", options=FRAGMENTED_MP4,
                                     container_options={"flush_packets": "1"},
                                     buffer_size=SINK_BUFFER)
        except BaseException:
            self.sink.close()
            raise
        self.template = template
        self.stream = self.container.add_stream_from_template(template)

    def write(self, packet, ts: float) -> None:
        decode_ts = packet.dts if packet.dts is not None else packet.pts
        if self.offset is None and not self.stream.codec_context.width:
            self._size_from(packet)
        if self.offset is None:
            self.offset = decode_ts
        elif self.last_dts is not None and decode_ts - self.offset <= self.last_dts:
            self.dropped += 1  # out of order or repeated: the camera's garbage, not footage
            return
        if packet.pts is not None:
            packet.pts -= self.offset
        if packet.dts is not None:
            packet.dts -= self.offset
        if ts > self.last_ts:
            self.frame_s = ts - self.last_ts
        self.last_ts = ts
        packet.stream = self.stream
        self.container.mux(packet)
        self.last_dts = packet.dts if packet.dts is not None else packet.pts
        self.packets += 1

    def _size_from(self, keyframe) -> None:
        """Some cameras announce no picture size (no parameter sets in the SDP); the
        first keyframe tells it."""
        decoder = av.CodecContext.create(self.template.codec_context.name, "r")
        decoder.thread_count = 1
        if self.template.codec_context.extradata:
            decoder.extradata = self.template.codec_context.extradata
        try:
            frames = decoder.decode(av.Packet(bytes(keyframe))) + decoder.decode(None)
        except av.FFmpegError:
            frames = []
        if frames:
            self.stream.codec_context.width = frames[0].width
            self.stream.codec_context.height = frames[0].height

    def end_ts(self) -> float:
        return self.last_ts + (self.frame_s or 0.04)

    def close(self) -> None:
        try:
            self.container.close()
        finally:
            self.sink.close()

    def written(self) -> Written:
        return self.sink.written()

    def abandon(self) -> None:
        """Close what can be closed and keep the partial file out of the catalogue."""
        try:
            self.container.close()
        except Exception:
            logger.debug("closing an abandoned segment failed", exc_info=True)
        self.sink.close()
        if self.temp.exists():
            try:
                storage.quarantine(self.temp)
            except OSError:
                logger.exception("could not quarantine %s", self.temp)


class Clock:
    """The wall time of the stream's timestamps (R-REC-5).

    Where the camera sends RTCP sender reports, FFmpeg gives the sender's wall time of
    timestamp zero, and that is used when it is plausible: between the moment the stream
    was asked for and the first packet's arrival, give or take MAX_DRIFT_S (a camera
    whose clock is further off is followed by the wall clock instead).

    Otherwise every packet's arrival bounds it from above (arrival = sent + delay), and
    the moment the stream was asked for bounds it from below. The smallest
    arrival-minus-timestamp seen is the closest estimate: packets that FFmpeg held while
    probing the stream come out late, in a burst, and do not count once live packets
    have shown the true offset."""

    REPORT_WINDOW_S = 30.0  # how long after the first packet a sender report is awaited

    def __init__(self, requested: float):
        self.requested = requested
        self.offset: float | None = None
        self.first_ts: float | None = None
        self.first_arrival: float | None = None
        self.from_sender = False
        self.reports_usable = True

    def reset(self, now: float, ts: float) -> None:
        self.requested, self.first_ts, self.offset = now, ts, now - ts
        self.first_arrival = now
        # The report's zero no longer matches timestamps after a jump: arrivals only.
        self.from_sender, self.reports_usable = False, False

    def seen(self, ts: float, arrival: float) -> None:
        if self.first_ts is None:
            self.first_ts, self.first_arrival = ts, arrival
        if self.from_sender:
            return
        candidate = max(arrival - ts, self.requested - self.first_ts)
        if self.offset is None or candidate < self.offset:
            self.offset = candidate

    def awaiting_report(self, ts: float) -> bool:
        return (self.reports_usable and not self.from_sender and self.first_ts is not None
                and ts - self.first_ts <= self.REPORT_WINDOW_S)

    def sender_report(self, realtime_us: int | None) -> bool:
        """Anchors to the sender's wall time of timestamp zero (microseconds since the
        epoch, FFmpeg's start_time_realtime), if it is plausible; whether it was used."""
        if not realtime_us or realtime_us <= 0 or self.first_ts is None:
            return False
        offset = realtime_us / 1_000_000
        earliest = self.requested - self.first_ts - MAX_DRIFT_S
        latest = self.first_arrival - self.first_ts + MAX_DRIFT_S
        if not earliest <= offset <= latest:
            self.reports_usable = False
            return False
        self.offset, self.from_sender = offset, True
        return True

    def wall(self, ts: float) -> float:
        return ts + self.offset


class CameraWorker(threading.Thread):
    """Records one camera until stopped; reconnects with backoff."""

    def __init__(self, *, camera_id, code, url, segment_seconds, hand_off, recorder):
        super().__init__(name=f"camera-{code}", daemon=True)
        self.camera_id = camera_id
        self.code = code
        self.url = url
        self.segment_seconds = segment_seconds
        self.hand_off = hand_off
        self.recorder = recorder
        self.stop_event = threading.Event()
        self.connected = False
        # How far the footage received reaches, in the catalogue's time: the end a
        # segment closed now would get.
        self.recorded_until: float | None = None
        self.last_end_wall: float | None = None  # no segment of this worker starts before it
        self.last_error = ""
        self.cause = ""
        self.live = CameraLive(camera_id)  # live viewers, fed from the same packets
        # The segment being written and its clock: the camera's thread writes it, and the
        # recorder's watchdog closes it when the stream stalls; never both at once.
        self.current: SegmentFile | None = None
        self.clock: Clock | None = None
        self.segment_lock = threading.Lock()
        self.last_picture: float | None = None  # time.monotonic() of the last picture

    def stop(self) -> None:
        self.stop_event.set()

    def failed(self, cause: str, detail: str) -> None:
        self.cause, self.last_error = cause, detail[:300]
        logger.warning("camera %s: %s (%s)", self.code, self.last_error, cause)

    def run(self) -> None:
        backoff = 1.0
        while not self.stop_event.is_set():
            started = time.monotonic()
            try:
                self.record_once()
            except DiskFull:
                self.last_error = "disk full"
            except sources.SourceFailure as exc:
                self.failed(exc.cause, str(exc))
            except Exception as exc:
                self.failed(sources.classify(exc), sources.redact_text(str(exc)))
            else:
                if not self.stop_event.is_set():
                    self.failed(SourceCause.OTHER, "the stream ended")
            self.connected = False
            if time.monotonic() - started > 30:
                backoff = 1.0
            self.stop_event.wait(backoff)
            backoff = min(backoff * 2, 10.0)

    def record_once(self) -> None:
        if not self.recorder.storage_ok():
            raise DiskFull
        clock = self.clock = Clock(time.time())
        container = sources.open_stream(self.url)
        try:
            stream = container.streams.video[0]
            base = float(stream.time_base)  # a float: Fraction arithmetic per packet is slow
            previous_ts = None
            self.connected = True
            self.last_picture = time.monotonic()
            for packet, now in access_units(container.demux(stream)):
                if self.stop_event.is_set():
                    break
                self.last_picture = time.monotonic()
                raw = packet.pts if packet.pts is not None else packet.dts
                ts = raw * base
                self.cause = self.last_error = ""
                with self.segment_lock:
                    # Time going backwards (a camera restart, a stream looping) or leaping
                    # ahead ends the segment: what follows is anchored afresh to the clock.
                    if previous_ts is not None and (
                            ts <= previous_ts or ts > previous_ts + MAX_JUMP_S):
                        self._finish_current(clock)
                        clock.reset(now, ts)
                    clock.seen(ts, now)
                    if clock.awaiting_report(ts):
                        clock.sender_report(container.start_time_realtime)
                    previous_ts = ts
                    self.live.feed(packet, now, stream)
                    self._record(packet, stream, clock, ts, now)
            with self.segment_lock:
                self._finish_current(clock)
        finally:
            with self.segment_lock:
                current, self.current = self.current, None
                if current is not None:
                    # The stream broke mid-segment: what was received up to now is
                    # complete fragments, so it is closed and sealed like any other.
                    try:
                        self.finish(current, clock)
                    except Exception:
                        current.abandon()
            container.close()

    def _record(self, packet, stream, clock: "Clock", ts: float, now: float) -> None:
        current = self.current
        if current is None:
            if not packet.is_keyframe:
                # Waiting for the first picture (a long GOP): the stream is alive.
                self.recorded_until = max(clock.wall(ts), self.recorded_until or 0.0)
                return
            current = self.current = self.open_segment(stream, clock, ts, now)
        elif packet.is_keyframe and ts - current.first_ts >= self.segment_seconds:
            self.current = None
            self.finish(current, clock, end_ts=ts)
            if not self.recorder.storage_ok():
                raise DiskFull
            current = self.current = self.open_segment(stream, clock, ts, now)
        try:
            current.write(packet, ts)
        except (OSError, av.FFmpegError) as exc:
            self.current = None
            self.write_failed(current, exc)
            raise
        self.recorded_until = max(clock.wall(current.end_ts()), self.recorded_until or 0.0)

    def _finish_current(self, clock: "Clock") -> None:
        current, self.current = self.current, None
        if current is not None:
            self.finish(current, clock)

    def check_stalled(self, now: float) -> bool:
        """R-REC-6: a stream that still sends bytes but no picture (an encoder that hung
        while the session goes on) is a failed source after the read deadline, as a
        silent one is (FFmpeg's socket deadline sees only silence). The segment written
        so far is closed and sealed; the connection is kept, and recording starts again
        at the next keyframe if pictures come back. Called by the recorder's watchdog;
        whether the stream is stalled."""
        last = self.last_picture
        if not self.connected or last is None or \
                now - last < sources.READ_TIMEOUT_S + STALL_MARGIN_S:
            return False
        with self.segment_lock:
            if self.last_picture != last:
                return False  # a picture came meanwhile
            if self.cause != SourceCause.TIMEOUT:
                self.failed(SourceCause.TIMEOUT,
                            f"no picture for {int(now - last)} s while the connection stays open")
        self.close_segment()
        return True

    def close_segment(self) -> None:
        """Closes and hands over the segment being written, from another thread (the
        watchdog, or the recorder stopping while this thread still waits on a read)."""
        with self.segment_lock:
            current, self.current = self.current, None
            if current is None:
                return
            try:
                self.finish(current, self.clock)
            except DiskFull:
                pass
            except Exception:
                logger.exception("camera %s: closing the segment failed", self.code)
                current.abandon()

    def open_segment(self, stream, clock: Clock, ts: float, now: float) -> SegmentFile:
        if now - clock.wall(ts) > MAX_DRIFT_S:
            clock.reset(now, ts)  # the camera's clock runs slow: follow the wall clock
        try:
            return SegmentFile(stream, clock.wall(ts), ts, self.camera_id)
        except (OSError, av.FFmpegError) as exc:
            if _is_disk_full(exc):
                self.recorder.report_disk_full(str(exc))
                raise DiskFull from exc
            raise

    def write_failed(self, segment: SegmentFile, exc: Exception) -> None:
        segment.abandon()
        if _is_disk_full(exc):
            self.recorder.report_disk_full(str(exc))
            raise DiskFull from exc

    def finish(self, segment: SegmentFile, clock: Clock, end_ts: float | None = None) -> None:
        if segment.packets == 0:
            segment.abandon()
            return
        try:
            segment.close()
        except (OSError, av.FFmpegError) as exc:
            self.write_failed(segment, exc)
            raise
        start = clock.wall(segment.first_ts)
        end = clock.wall(end_ts if end_ts is not None else segment.end_ts())
        if self.last_end_wall is not None and start < self.last_end_wall:
            start = self.last_end_wall  # never two catalogue entries for one moment
        end = max(end, start + 0.001)
        self.last_end_wall = end
        self.hand_off(Finished(
            camera_id=self.camera_id, camera_code=self.code, temp=segment.temp,
            start=dt.datetime.fromtimestamp(start, dt.UTC),
            end=dt.datetime.fromtimestamp(end, dt.UTC),
            packets=segment.packets, closed_monotonic=time.monotonic(),
            written=segment.written(),
        ))


def _merge(first, second):
    merged = av.Packet(bytes(first) + bytes(second))
    merged.pts, merged.dts, merged.time_base = first.pts, first.dts, first.time_base
    merged.is_keyframe = first.is_keyframe or second.is_keyframe
    return merged


def access_units(packets):
    """Whole pictures, each with the time its first part came out of the demuxer: RTP
    depacketizers may deliver a picture's parameter sets and its slices as separate
    packets with one timestamp; they are joined into one."""
    pending = arrival = None
    for packet in packets:
        if packet.size == 0 or (packet.pts is None and packet.dts is None):
            continue
        if pending is not None and packet.pts is not None and packet.pts == pending.pts:
            pending = _merge(pending, packet)
            continue
        if pending is not None:
            yield pending, arrival
        pending, arrival = packet, time.time()
    if pending is not None:
        yield pending, arrival


def _is_disk_full(exc: Exception) -> bool:
    return getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc)
