"""Opening a camera's stream with FFmpeg's demuxers (through PyAV)."""

from urllib.parse import quote, urlsplit, urlunsplit

import av

READ_TIMEOUT_S = 15.0


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


def options_for(url: str) -> dict[str, str]:
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("rtsp", "rtsps"):
        return {"rtsp_transport": "tcp", "timeout": str(int(READ_TIMEOUT_S * 1_000_000))}
    if scheme == "udp":
        return {"timeout": str(int(READ_TIMEOUT_S * 1_000_000)), "overrun_nonfatal": "1",
                "fifo_size": "1000000"}
    return {}


def open_stream(url: str):
    """An input container whose first video stream is the camera's picture."""
    # FFmpeg's own socket timeouts (in the options), not PyAV's `timeout=`: that one
    # installs an interrupt callback that takes the GIL on every network poll of
    # every camera, which costs more CPU than the recording itself.
    container = av.open(url, options=options_for(url))
    if not container.streams.video:
        container.close()
        raise ValueError("the stream has no video")
    return container


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
