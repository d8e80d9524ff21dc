"""Probing one camera (R-EQUIP-3): is it there (an RTSP DESCRIBE), what does its stream
look like, and does its picture pass the image checks.

The picture: a camera Watchroom records whose live stream is up is watched through the
recorder's live server, with a ticket like the wall's (no second connection to the
camera), when the site names the account the probe watches as (`HEALTH_PROBE_USER`);
any other camera gives a short pull (PyAV: open, read to a keyframe and on to the next
two, decoding only the keyframes; the whole capped in time). The stream's size is
compared with the archive's `Camera.resolution`; the pictures go through `health.images`.

`probe_camera` only observes: `health.services.health_check_record` keeps the result and
raises or closes the alerts."""

import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import av
import cv2
import numpy as np
from django.conf import settings
from django.utils import timezone

from watchroom.health import images, references, suppression
from watchroom.health.models import ProbeSource
from watchroom.health.rtsp_probe import describe
from watchroom.recording.recorder import sources

logger = logging.getLogger("watchroom.health")

DESCRIBE_TIMEOUT_S = 5.0
PULL_TIMEOUT_S = 12.0  # opening, reaching a keyframe and the window together
WINDOW_S = 2.0  # the frozen check's window, as the caller asks it (see capture)
KEYFRAMES = 3  # keyframes compared by the frozen check: the first and the next two
RETRY_PAUSE_S = 0.5
PICTURE_WIDTH = 320  # the kept JPEG's width
PICTURES_KEPT = 48  # per camera; an older check keeps its verdicts, not its picture
PLAYABLE = ("h264", "hevc")  # what the recorder records
# A failing check earlier in images.ORDER explains these others: one cause, one alert.
EXPLAINS = {
    "black": {"frozen", "covered", "dark", "bright", "moved", "blurred", "cast"},
    "covered": {"dark", "bright", "moved", "blurred", "cast"},
    "moved": {"blurred", "cast"},
}


@dataclass
class Capture:
    source: str
    codec: str = ""
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    kbps: int | None = None
    pictures: list = field(default_factory=list)  # BGR arrays, oldest first
    error: str = ""


@dataclass
class Observation:
    """What one probe of one camera saw, before it is kept."""

    checked_at: dt.datetime
    reachable: bool
    source: str = ProbeSource.NONE
    codec: str = ""
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    kbps: int | None = None
    verdicts: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    excused: dict = field(default_factory=dict)
    picture: str = ""  # relative to HEALTH_PICTURES_DIR
    duration_ms: int = 0
    detail: str = ""  # why the camera is unreachable or gave no picture

    @property
    def ok(self) -> bool:
        return not set(self.problems) - set(self.excused)


def capture(url: str, *, options: dict, source: str, window: float = WINDOW_S,
            timeout: float = PULL_TIMEOUT_S) -> Capture:
    """Pictures from a stream: its first KEYFRAMES keyframes, and only they are decoded
    (the decoder skips every other picture: a keyframe costs a GOP's decoding divided by
    its length). The frozen check compares them: a live sensor's noise differs between
    keyframes as between any two pictures, and a camera sends one every GOP (1–2 s),
    so the pull lasts about two GOPs after the first keyframe, capped by `timeout`.
    Size, codec, frame rate and bit rate are measured on the way, from the packets.
    `window` is kept for the callers (the keyframes' spacing is the camera's)."""
    result = Capture(source=source)
    started = time.monotonic()
    try:
        # The demuxer's probing of the stream decodes keyframes only, on one thread,
        # for at most a second of it; the frame rate is measured here, from the packets
        # (the probing would wait for a score of pictures first).
        container = av.open(url, options={"fpsprobesize": "0", "analyzeduration": "1000000",
                                          **options},
                            stream_options=[{"skip_frame": "nonkey", "threads": "1"}],
                            timeout=(timeout, timeout))
    except (av.FFmpegError, OSError) as exc:
        result.error = sources.redact_text(str(exc))[:300]
        return result
    try:
        if not container.streams.video:
            result.error = "the stream has no video"
            return result
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        stream.codec_context.thread_count = 1  # a keyframe out for its packet in
        result.codec = stream.codec_context.name
        rate = stream.average_rate or stream.guessed_rate
        first_at = first_wall = None  # the first keyframe's stream time and wall time
        last = 0.0  # seconds from the first keyframe to the latest
        packets, size = 0, 0
        for packet in container.demux(stream):
            if time.monotonic() - started > timeout:
                result.error = result.error or f"no picture within {timeout:g} s"
                break
            if not packet.size:
                continue
            if first_wall is None and not packet.is_keyframe:
                continue  # a picture only from a keyframe on
            at = float(packet.pts * packet.time_base) if packet.pts is not None else None
            if first_wall is not None:
                packets += 1
                size += packet.size
                # The stream's own time once it has one (RTSP: after the sender's
                # report), else the wall clock.
                last = at - first_at if at is not None and first_at is not None and \
                    at > first_at else time.monotonic() - first_wall
            if not packet.is_keyframe:
                continue
            frames = packet.decode()
            if not frames:
                # A decoder that holds pictures back for reordering gives the keyframe
                # at once when drained; each keyframe stands alone, so it starts afresh.
                frames = stream.codec_context.decode(None)
                stream.codec_context.flush_buffers()
            for frame in frames[:1]:
                if first_wall is None:
                    first_at, first_wall = at, time.monotonic()
                    result.width, result.height = frame.width, frame.height
                result.pictures.append(frame.to_ndarray(format="bgr24"))
            if len(result.pictures) >= KEYFRAMES:
                break
        if result.pictures:
            if last:
                result.kbps = round(size * 8 / last / 1000)
                result.fps = round(float(rate), 2) if rate else round(packets / last, 2)
            elif rate:
                result.fps = round(float(rate), 2)
            result.error = ""
        elif not result.error:
            result.error = "the stream ended before a picture"
    except (av.FFmpegError, OSError) as exc:
        if not result.pictures:
            result.error = sources.redact_text(str(exc))[:300]
    finally:
        container.close()
    return result


def pull(camera, *, window: float = WINDOW_S, timeout: float = PULL_TIMEOUT_S) -> Capture:
    """A short pull from the camera itself."""
    url = sources.with_credentials(camera.stream_url, camera.username, camera.password)
    shot = capture(url, options=sources.options_for(url), source=ProbeSource.PULL,
                   window=window, timeout=timeout)
    if not shot.pictures and "5XX" in shot.error:
        # A camera (or RTSP server) still closing the DESCRIBE's session for a moment
        # answers the next one 503: once more, after a pause.
        time.sleep(RETRY_PAUSE_S)
        shot = capture(url, options=sources.options_for(url), source=ProbeSource.PULL,
                       window=window, timeout=timeout)
    return shot


def probe_viewer():
    """The account the probe watches recorded cameras as, or None (then it pulls)."""
    from django.contrib.auth import get_user_model

    username = settings.WATCHROOM.get("HEALTH_PROBE_USER", "")
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def live_address(camera, now=None) -> str:
    """The recorder's live server serving this camera while its stream is up, or ""."""
    from watchroom.recording.choices import CameraPhase
    from watchroom.recording.selectors import camera_states

    state = camera_states([camera.pk], now=now)[camera.pk]
    return state.live_url if state.state == CameraPhase.LIVE and state.live_url else ""


def watch(camera, *, viewer, address: str, window: float = WINDOW_S,
          timeout: float = PULL_TIMEOUT_S) -> Capture:
    """Pictures from the recorder's live server: a viewing session and ticket opened as
    `viewer`, as the wall opens them (R-FOOT-6: the session is audited once, when the
    live server ends it)."""
    from watchroom.recording import live_tickets
    from watchroom.recording.services import live_session_open

    session = live_session_open(actor=viewer, camera=camera)
    ticket = live_tickets.issue(user_id=viewer.pk, camera_id=camera.pk, stream="main",
                                session_id=session.pk)
    url = f"http://{address}/live/{camera.pk}/main.mp4?t={ticket}"
    return capture(url, options={"protocol_whitelist": "http,tcp"}, source=ProbeSource.LIVE,
                   window=window, timeout=timeout)


def thresholds() -> images.Thresholds:
    """The site's thresholds from `HEALTH_THRESHOLDS` ("check=value,…"); a bad entry is
    logged and the defaults kept."""
    text = settings.WATCHROOM.get("HEALTH_THRESHOLDS", "") or ""
    try:
        pairs = dict(item.split("=", 1) for item in text.replace(" ", "").split(",") if item)
        return images.Thresholds.of({k: float(v) for k, v in pairs.items()})
    except ValueError as exc:
        logger.error("HEALTH_THRESHOLDS %r: %s; the defaults hold", text, exc)
        return images.Thresholds()


def expected_size(camera) -> tuple[int, int] | None:
    """The archive's resolution ("1920x1080", "1920×1080"), or None when not recorded."""
    text = (camera.resolution or "").lower().replace("×", "x").replace(" ", "")
    try:
        width, height = (int(n) for n in text.split("x"))
    except ValueError:
        return None
    return width, height


def stream_mismatch(camera, shot: Capture) -> str:
    """Why the stream is not what the archive records, or ""."""
    wanted = expected_size(camera)
    if wanted and (shot.width, shot.height) != wanted:
        return f"{shot.width}x{shot.height}, the archive says {wanted[0]}x{wanted[1]}"
    if shot.codec and shot.codec not in PLAYABLE:
        return f"codec {shot.codec}"
    return ""


def causes(result: images.Result) -> list[str]:
    """The failed checks, less those a more basic failure explains."""
    failed = result.failed
    explained = set().union(*(EXPLAINS.get(check, set()) for check in failed))
    return [check for check in images.ORDER if check in failed and check not in explained]


def _reference(camera):
    path = references.current_reference_path(camera)
    if path is None or not Path(path).exists():
        return None
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    return picture


def pictures_dir() -> Path:
    return Path(settings.WATCHROOM["HEALTH_PICTURES_DIR"])


def keep_picture(camera, picture: np.ndarray, at: dt.datetime) -> str:
    """A small JPEG of the picture under HEALTH_PICTURES_DIR/<camera id>/; the oldest
    beyond PICTURES_KEPT removed. Returns its path relative to the folder."""
    folder = pictures_dir() / str(camera.pk)
    folder.mkdir(parents=True, exist_ok=True)
    height, width = picture.shape[:2]
    small = cv2.resize(picture, (PICTURE_WIDTH, max(1, round(height * PICTURE_WIDTH / width))),
                       interpolation=cv2.INTER_AREA) if width > PICTURE_WIDTH else picture
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        return ""
    name = f"{at.astimezone(dt.UTC):%Y%m%dT%H%M%S%f}.jpg"
    (folder / name).write_bytes(data.tobytes())
    for old in sorted(folder.glob("*.jpg"))[:-PICTURES_KEPT]:
        old.unlink(missing_ok=True)
    return f"{camera.pk}/{name}"


def picture_path(relative: str) -> Path | None:
    """The kept picture's file, when it is still there (and inside the folder)."""
    if not relative:
        return None
    base = pictures_dir().resolve()
    path = (base / relative).resolve()
    if base not in path.parents or not path.is_file():
        return None
    return path


def excuse(camera, seen: Observation) -> Observation:
    """Each cause an approved block or change excuses at the probe's time, with why."""
    for cause in seen.problems:
        reason = suppression.suppressed(camera, cause, seen.checked_at)
        if reason:
            seen.excused[cause] = str(reason)
    return seen


LOOKUP = object()  # probe_camera's viewer and address: found here
_cpu_slots: threading.BoundedSemaphore | None = None
_cpu_slots_lock = threading.Lock()


def cpu_slot() -> threading.BoundedSemaphore:
    """The image checks' turn: a sweep runs many probes at a time, since they mostly
    wait on the network, but no more checks at once than HEALTH_CPU_SLOTS (the cores)."""
    global _cpu_slots
    with _cpu_slots_lock:
        if _cpu_slots is None:
            _cpu_slots = threading.BoundedSemaphore(
                settings.WATCHROOM.get("HEALTH_CPU_SLOTS") or os.cpu_count() or 2)
        return _cpu_slots


def probe_camera(camera, *, now: dt.datetime | None = None, viewer=LOOKUP,
                 address=LOOKUP, excused: bool = True,
                 window: float = WINDOW_S, timeout: float = PULL_TIMEOUT_S) -> Observation:
    """Probe `camera` once. `viewer`: the account to watch a recorded camera's live
    stream as (default: HEALTH_PROBE_USER; none: a pull); `address`: its live server
    (None: looked up). `excused=False` leaves the excuses to the caller (`excuse`), so
    that a sweep's threads only touch the network."""
    started = time.monotonic()
    seen = Observation(checked_at=now or timezone.now(), reachable=False)

    def finish() -> Observation:
        if excused:
            excuse(camera, seen)
        seen.duration_ms = round((time.monotonic() - started) * 1000)
        return seen

    rtsp = urlsplit(camera.stream_url).scheme.lower() in ("rtsp", "rtsps")
    if rtsp:
        answer = describe(camera.stream_url, username=camera.username,
                          password=camera.password, timeout=DESCRIBE_TIMEOUT_S)
        if not answer.reachable:
            seen.problems, seen.detail = ["unreachable"], answer.error
            return finish()
        seen.reachable, seen.codec = True, answer.codec
    shot = None
    if viewer is LOOKUP:
        viewer = probe_viewer()
    if address is LOOKUP:
        address = live_address(camera) if viewer is not None else ""
    if address and viewer is not None:
        try:
            shot = watch(camera, viewer=viewer, address=address, window=window,
                          timeout=timeout)
        except Exception as exc:  # a refused session or ticket: the pull still works
            logger.warning("camera %s: no live picture (%s); pulling", camera.code, exc)
        if shot is not None and not shot.pictures:
            shot = None
    if shot is None and not rtsp and urlsplit(camera.stream_url).scheme.lower() == "udp":
        # A stream pushed over UDP (the demo's test cameras) has one receiver, the
        # recorder: only its live server gives a picture.
        shot = Capture(source=ProbeSource.NONE, error="not live on its recorder")
    if shot is None:
        shot = pull(camera, window=window, timeout=timeout)
    if not shot.pictures:
        # Answering DESCRIBE without a picture is a stream problem; a camera that cannot
        # be asked (not RTSP) and gives no picture is unreachable.
        seen.problems = ["stream" if rtsp else "unreachable"]
        seen.detail = shot.error or "no picture"
        return finish()
    seen.reachable = True
    seen.source = shot.source
    seen.codec = shot.codec or seen.codec
    seen.width, seen.height, seen.fps, seen.kbps = shot.width, shot.height, shot.fps, shot.kbps
    mismatch = stream_mismatch(camera, shot)
    if mismatch:
        seen.problems.append("stream")
        seen.detail = mismatch
    with cpu_slot():
        result = images.check_image(shot.pictures[-1], earlier=shot.pictures[:-1],
                                    reference=_reference(camera), thresholds=thresholds())
        try:
            seen.picture = keep_picture(camera, shot.pictures[-1], seen.checked_at)
        except OSError as exc:
            logger.error("camera %s: the picture could not be kept: %s", camera.code, exc)
    seen.verdicts = {v.check: {"status": v.status, "score": v.score, "threshold": v.threshold}
                     for v in result.verdicts}
    seen.problems += causes(result)
    return finish()
