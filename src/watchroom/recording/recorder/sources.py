"""Opening a camera's stream with FFmpeg's demuxers (through PyAV): only over the
protocols a camera speaks, with a deadline on opening and on every read, and with the
cause of a failure named."""

import re
import time
from urllib.parse import quote, urlsplit, urlunsplit

import av
from django.conf import settings

from watchroom.recording.choices import SourceCause

OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 15.0
CAMERA_SCHEMES = ("rtsp", "rtsps")
DEMO_SCHEMES = ("udp",)  # the demo's test cameras (testcameras.py)
# What RTSP needs underneath; FFmpeg refuses any other protocol, however the address or
# the camera's answers (redirects, SDP) name it.
PROTOCOL_WHITELIST = ("rtsp", "rtsps", "tcp", "udp", "tls", "rtp")
SUPPORTED_CODECS = ("h264", "hevc")


class SourceFailure(Exception):
    def __init__(self, cause: str, detail: str):
        super().__init__(detail)
        self.cause = cause


def with_credentials(url: str, username: str, password: str) -> str:
    if not username:
        return url
    parts = urlsplit(url)
    if parts.username or not parts.hostname:
        return url
    netloc = f"{quote(username, safe='')}:{quote(password, safe='')}@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def allowed_schemes() -> tuple[str, ...]:
    if settings.WATCHROOM.get("CAMERA_TEST_SOURCES"):
        return CAMERA_SCHEMES + DEMO_SCHEMES
    return CAMERA_SCHEMES


def options_for(url: str) -> dict[str, str]:
    scheme = urlsplit(url).scheme.lower()
    options = {"protocol_whitelist": ",".join(PROTOCOL_WHITELIST)}
    if scheme in ("rtsp", "rtsps"):
        options.update(rtsp_transport="tcp", timeout=str(int(READ_TIMEOUT_S * 1_000_000)))
    elif scheme == "udp":
        options.update(timeout=str(int(READ_TIMEOUT_S * 1_000_000)), overrun_nonfatal="1",
                       fifo_size="1000000")
    return options


def open_stream(url: str):
    """An input container whose first video stream is the camera's picture.

    Opening has a deadline whatever the other end does: refuses, answers nothing, keeps
    the connection open and silent, or sends bytes that never make a packet (PyAV's
    interrupt deadline). Once streaming, a silent connection fails after READ_TIMEOUT_S
    (FFmpeg's socket deadline), and a stream of bytes that makes no picture is caught by
    the recorder's watchdog (`CameraWorker.check_stalled`): PyAV's deadline would take
    the GIL on every network read of every camera, the largest cost of demuxing."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in allowed_schemes():
        raise SourceFailure(SourceCause.PROTOCOL,
                            f"{scheme or '(none)'}: is not a camera stream protocol")
    started = time.monotonic()
    try:
        container = av.open(url, options=options_for(url),
                            timeout=(OPEN_TIMEOUT_S, None))
    except av.FFmpegError as exc:
        cause = classify(exc)
        if cause in (SourceCause.NOT_A_STREAM, SourceCause.OTHER) and \
                time.monotonic() - started >= min(OPEN_TIMEOUT_S, READ_TIMEOUT_S) - 0.5:
            # FFmpeg reports an RTSP answer that never came as invalid data.
            cause = SourceCause.TIMEOUT
        raise SourceFailure(cause, redact_text(str(exc))[:300]) from exc
    if not container.streams.video:
        container.close()
        raise SourceFailure(SourceCause.NOT_A_STREAM, "the stream has no video")
    codec = container.streams.video[0].codec_context.name
    if codec not in SUPPORTED_CODECS:
        container.close()
        raise SourceFailure(SourceCause.UNSUPPORTED_CODEC, f"codec {codec}")
    return container


def classify(exc: BaseException) -> str:
    """The cause of a failed open or read, from FFmpeg's error."""
    if isinstance(exc, SourceFailure):
        return exc.cause
    if isinstance(exc, ConnectionRefusedError | av.error.ConnectionRefusedError):
        return SourceCause.REFUSED
    if isinstance(exc, av.error.HTTPNotFoundError):
        return SourceCause.NOT_FOUND
    if isinstance(exc, av.error.HTTPUnauthorizedError | av.error.HTTPForbiddenError):
        return SourceCause.UNAUTHORIZED
    if isinstance(exc, TimeoutError | av.error.ExitError | av.error.TimeoutError):
        return SourceCause.TIMEOUT
    if isinstance(exc, av.error.InvalidDataError):
        return SourceCause.NOT_A_STREAM
    if isinstance(exc, av.error.DecoderNotFoundError | av.error.PatchWelcomeError):
        return SourceCause.UNSUPPORTED_CODEC
    if isinstance(exc, av.error.ProtocolNotFoundError):
        return SourceCause.PROTOCOL
    if isinstance(exc, OSError) and getattr(exc, "errno", None) in (101, 110, 111, 113):
        return {111: SourceCause.REFUSED, 110: SourceCause.TIMEOUT}.get(
            exc.errno, SourceCause.UNREACHABLE)
    text = str(exc)
    if "404" in text:
        return SourceCause.NOT_FOUND
    if "401" in text or "403" in text:
        return SourceCause.UNAUTHORIZED
    if "not on whitelist" in text:
        return SourceCause.PROTOCOL
    return SourceCause.OTHER


_PASSWORD = re.compile(r"(://[^:/@\s]*):[^@/\s]*@")


def redact_text(text: str) -> str:
    """An error message with any password in the addresses it quotes hidden."""
    return _PASSWORD.sub(r"\1:***@", text)


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
