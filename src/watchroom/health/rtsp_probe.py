"""Is a camera there? One RTSP `DESCRIBE` over a plain socket (R-EQUIP-3), with Basic or
Digest authentication from the address's credentials (or given ones), and a deadline on
the whole exchange. No Django: the probe, the bench and the command line use it alike.

The answer names the status code, the SDP the camera describes its streams with, the
video codec from the SDP's `rtpmap`, and how long it took. A camera that refuses the
connection, answers nothing, or answers something that is not RTSP is unreachable, with
the reason in `error`."""

import hashlib
import os
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

TIMEOUT_S = 5.0
MAX_HEADER = 64 * 1024
MAX_BODY = 256 * 1024
USER_AGENT = "Watchroom health probe"
CODECS = {"h264": "h264", "h265": "hevc", "hevc": "hevc", "mp4v-es": "mpeg4",
          "jpeg": "mjpeg", "vp8": "vp8", "vp9": "vp9", "av1": "av1"}


@dataclass(frozen=True)
class Describe:
    reachable: bool  # the camera answered DESCRIBE with 200 and an SDP
    status: int | None  # the RTSP status code; None when no RTSP answer came
    sdp: str
    codec: str  # the video codec named by the SDP ("h264", "hevc" …), or ""
    duration_ms: int
    error: str  # why it is unreachable ("" when reachable)

    @property
    def fps(self) -> float | None:
        match = re.search(r"^a=framerate:\s*([\d.]+)", self.sdp, re.M)
        return float(match.group(1)) if match else None


class _Failure(Exception):
    pass


def _split(url: str, username: str, password: str) -> tuple[str, str, int, str, str, bool]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("rtsp", "rtsps") or not parts.hostname:
        raise _Failure(f"not an RTSP address: {scheme or '(none)'}")
    secure = scheme == "rtsps"
    user = unquote(parts.username) if parts.username else username
    secret = unquote(parts.password) if parts.password else password
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit(parts._replace(netloc=netloc))
    return clean, parts.hostname, parts.port or (322 if secure else 554), user, secret, secure


def _read_response(sock: socket.socket, deadline: float) -> tuple[int, dict[str, str], str]:
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(4096)
        if not chunk:
            raise _Failure("the connection closed without an answer")
        data += chunk
        if len(data) > MAX_HEADER:
            raise _Failure("the answer's header is too long")
    head, _sep, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"RTSP/\d\.\d\s+(\d{3})", lines[0])
    if not match:
        raise _Failure(f"not an RTSP answer: {lines[0][:60]!r}")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _sep, value = line.partition(":")
        key = name.strip().lower()
        # A camera may offer several WWW-Authenticate headers: keep them all.
        headers[key] = f"{headers[key]}\n{value.strip()}" if key in headers else value.strip()
    length = int(headers.get("content-length", "0") or 0)
    if length > MAX_BODY:
        raise _Failure("the SDP is too long")
    while len(body) < length:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(length - len(body))
        if not chunk:
            break
        body += chunk
    return int(match.group(1)), headers, body[:length].decode("utf-8", "replace")


def _challenge(headers: dict[str, str]) -> tuple[str, dict[str, str]] | None:
    offers = headers.get("www-authenticate", "").split("\n")
    parsed = []
    for offer in offers:
        scheme, _sep, rest = offer.strip().partition(" ")
        if not scheme:
            continue
        params = dict((k.lower(), v.strip('"')) for k, v in
                      re.findall(r'(\w+)=("[^"]*"|[^,\s]+)', rest))
        parsed.append((scheme.lower(), params))
    for wanted in ("digest", "basic"):  # Digest when the camera offers both
        for scheme, params in parsed:
            if scheme == wanted:
                return scheme, params
    return None


def _authorization(scheme: str, params: dict[str, str], user: str, secret: str,
                   url: str) -> str:
    if scheme == "basic":
        import base64

        return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
    algorithm = params.get("algorithm", "MD5").upper()
    hash_ = hashlib.sha256 if algorithm.startswith("SHA-256") else hashlib.md5

    def h(text: str) -> str:
        return hash_(text.encode()).hexdigest()

    realm, nonce = params.get("realm", ""), params.get("nonce", "")
    ha1, ha2 = h(f"{user}:{realm}:{secret}"), h(f"DESCRIBE:{url}")
    fields = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{url}"']
    if "auth" in [q.strip() for q in params.get("qop", "").split(",")]:
        cnonce, nc = os.urandom(8).hex(), "00000001"
        response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")
    fields.append(f'response="{response}"')
    if "opaque" in params:
        fields.append(f'opaque="{params["opaque"]}"')
    if "algorithm" in params:
        fields.append(f"algorithm={params['algorithm']}")
    return "Digest " + ", ".join(fields)


def video_codec(sdp: str) -> str:
    """The first video stream's codec from the SDP's rtpmap ("h264", "hevc" …), or ""."""
    in_video, formats = False, []
    for line in sdp.splitlines():
        line = line.strip()
        if line.startswith("m="):
            media = line[2:].split()
            in_video = bool(media) and media[0] == "video"
            formats = media[3:] if in_video else []
        elif in_video and line.startswith("a=rtpmap:"):
            payload, _sep, encoding = line[len("a=rtpmap:"):].partition(" ")
            if not formats or payload in formats:
                name = encoding.split("/")[0].strip().lower()
                return CODECS.get(name, name)
    return ""


def describe(url: str, *, username: str = "", password: str = "",
             timeout: float = TIMEOUT_S) -> Describe:
    """DESCRIBE `url` and say what came back, within `timeout` seconds in all."""
    started = time.monotonic()
    deadline = started + timeout
    status = None

    def done(sdp: str = "", error: str = "") -> Describe:
        return Describe(reachable=not error, status=status, sdp=sdp,
                        codec=video_codec(sdp) if sdp else "",
                        duration_ms=round((time.monotonic() - started) * 1000), error=error)

    try:
        clean, host, port, user, secret, secure = _split(url, username, password)
        sock = socket.create_connection((host, port), timeout=timeout)
        try:
            if secure:
                context = ssl.create_default_context()
                context.check_hostname = False  # cameras carry their own certificates
                context.verify_mode = ssl.CERT_NONE
                sock = context.wrap_socket(sock, server_hostname=host)
            authorization, sequence = "", 1
            while True:
                request = (f"DESCRIBE {clean} RTSP/1.0\r\nCSeq: {sequence}\r\n"
                           f"Accept: application/sdp\r\nUser-Agent: {USER_AGENT}\r\n")
                if authorization:
                    request += f"Authorization: {authorization}\r\n"
                sock.settimeout(max(0.01, deadline - time.monotonic()))
                sock.sendall((request + "\r\n").encode("latin-1"))
                status, headers, body = _read_response(sock, deadline)
                if status == 401 and not authorization and user:
                    challenge = _challenge(headers)
                    if challenge is not None:
                        authorization = _authorization(*challenge, user, secret, clean)
                        sequence += 1
                        continue
                break
        finally:
            sock.close()
    except _Failure as exc:
        return done(error=str(exc))
    except TimeoutError:
        return done(error=f"no answer within {timeout:g} s")
    except OSError as exc:
        return done(error=exc.strerror or str(exc))
    if status == 200 and body.strip():
        return done(sdp=body)
    if status == 200:
        return done(error="the camera described no streams")
    return done(error={401: "the camera refused the credentials", 404: "no such stream"}
                .get(status, f"RTSP {status}"))
