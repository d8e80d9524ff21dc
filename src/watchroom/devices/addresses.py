"""Which stream addresses a camera may have (R-REC-2, R-SEC-3).

The recorder records whatever its address returns as that camera's footage, sealed and
hashed; an address that reaches a file, another protocol or this machine itself would
let whoever edits the archive forge footage or probe the server. A camera's address is
therefore `rtsp://` or `rtsps://` to a host that is not this machine. Two settings
widen it, each for one purpose:

- WATCHROOM["CAMERA_LOOPBACK"] (WATCHROOM_CAMERA_LOOPBACK=1): cameras on this machine's
  own addresses (loopback included), for a site whose RTSP relay runs on the server,
  and for the tests' RTSP server on 127.0.0.1.
- WATCHROOM["CAMERA_TEST_SOURCES"] (WATCHROOM_CAMERA_TEST_SOURCES=1): the demo's
  test-pattern cameras, `udp://127.0.0.1:<port>` (see recording.testcameras).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

CAMERA_SCHEMES = ("rtsp", "rtsps")
TEST_SOURCE_HOST = "127.0.0.1"


def _setting(name: str) -> bool:
    return bool(settings.WATCHROOM.get(name, False))


def _resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({info[4][0] for info in infos})


def _is_own(address: str) -> bool:
    """Loopback, unspecified, or an address one of this machine's interfaces holds
    (binding to it succeeds only then)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_loopback or ip.is_unspecified:
        return True
    family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.bind((str(ip), 0))
    except OSError:
        return False
    return True


def problem(url: str) -> str | None:
    """Why a camera may not have this stream address, or None when it may."""
    if not url:
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return _("A stream address may not contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return _("“%(url)s” is not a valid stream address.") % {"url": url}
    scheme = parts.scheme.lower()
    if scheme == "udp" and _setting("CAMERA_TEST_SOURCES"):
        if host == TEST_SOURCE_HOST and port and not parts.username:
            return None
        return _("A test source is udp://127.0.0.1:<port> (R-REC-2).")
    if scheme not in CAMERA_SCHEMES:
        return _("A camera's stream address must start with rtsp:// or rtsps:// "
                 "(R-REC-2); “%(scheme)s” is not accepted.") % {"scheme": scheme or url}
    if not host:
        return _("The stream address names no camera host (R-REC-2).")
    if _setting("CAMERA_LOOPBACK"):
        return None
    own = [address for address in _resolve(host) if _is_own(address)]
    if own:
        return _("The stream address points to this server itself (%(address)s), not to a "
                 "camera (R-REC-2). Only a site that sets WATCHROOM_CAMERA_LOOPBACK may "
                 "record from this machine.") % {"address": own[0]}
    return None
