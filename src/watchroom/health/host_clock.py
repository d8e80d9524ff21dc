"""This computer's clock against standard time (R-DUTY-5): Watchroom's own recorder stamps
every segment with it, and every ONVIF offset is taken against it. No Django here.

Two ways to know it:

- a time server (`read_time_server("ntp.hospital.local")`): one SNTP exchange (RFC 4330),
  the offset taken at the middle of the exchange, as NTP does;
- the kernel's own synchronisation state (`read_kernel()`, Linux): when chrony, ntpd or
  systemd-timesyncd keep the clock, the kernel knows whether it is synchronised and how
  far off it may be at most; an unsynchronised clock is not a reading.

Offsets are this computer's clock minus standard time, as a device's offset is the
device's clock minus ours.
"""

import ctypes
import ctypes.util
import datetime as dt
import os
import socket
import struct
import time

from watchroom.health.onvif import ClockReading

NTP_PORT = 123
NTP_EPOCH = 2_208_988_800  # seconds from 1900-01-01 to 1970-01-01
_PACKET = struct.Struct("!BBbb11I")  # LI/VN/mode, stratum, poll, precision, 11 words


class HostClockError(Exception):
    """The clock could not be compared with standard time. `kind`: `unreachable` (the
    time server did not answer in time), `answer` (it answered something unusable, or
    refused: a kiss-o'-death), `unsynchronised` (the kernel says the clock is not kept
    by a time server), `unknown` (this system cannot say)."""

    UNREACHABLE, ANSWER = "unreachable", "answer"
    UNSYNCHRONISED, UNKNOWN = "unsynchronised", "unknown"

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail = kind, detail


def _ntp_time(seconds: int, fraction: int) -> float:
    return seconds - NTP_EPOCH + fraction / 2**32


def _ntp_words(unix: float) -> tuple[int, int]:
    seconds = int(unix) + NTP_EPOCH
    return seconds, int((unix % 1) * 2**32) & 0xFFFFFFFF


def server_address(server: str) -> tuple[str, int]:
    """`host`, `host:port` or `[v6]:port` → (host, port)."""
    server = server.strip()
    if server.startswith("["):
        host, _, port = server[1:].partition("]")
        return host, int(port.lstrip(":") or NTP_PORT)
    if server.count(":") == 1:
        host, port = server.split(":")
        return host, int(port)
    return server, NTP_PORT


def read_time_server(server: str, timeout: float = 3.0, *, clock=time.time) -> ClockReading:
    """One SNTP exchange with `server`; raises HostClockError."""
    host, port = server_address(server)
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)[0]
    except (OSError, UnicodeError) as e:
        raise HostClockError(HostClockError.UNREACHABLE, f"{server}: {e}") from e
    with socket.socket(family, kind, proto) as sock:
        sock.settimeout(timeout)
        started = time.perf_counter()
        t1 = clock()
        sent = _ntp_words(t1)
        request = bytearray(48)
        request[0] = (0 << 6) | (4 << 3) | 3  # no leap warning, version 4, client
        request[40:48] = struct.pack("!II", *sent)
        try:
            sock.sendto(bytes(request), address)
            while True:
                answer, source = sock.recvfrom(512)
                if source[:2] == address[:2]:
                    break
        except OSError as e:  # socket.timeout is an OSError
            raise HostClockError(HostClockError.UNREACHABLE,
                                 f"{server}: no answer in {timeout:g} s ({e})") from e
        round_trip = time.perf_counter() - started
        t4 = t1 + round_trip
    if len(answer) < 48:
        raise HostClockError(HostClockError.ANSWER, f"{server}: {len(answer)} bytes, not NTP")
    first, stratum, _, _, *words = _PACKET.unpack(answer[:48])
    leap, mode = first >> 6, first & 7
    if mode != 4:
        raise HostClockError(HostClockError.ANSWER, f"{server}: mode {mode}, not a server")
    if stratum == 0:
        code = answer[12:16].decode("ascii", "replace").strip("\0")
        raise HostClockError(HostClockError.ANSWER, f"{server} refused: {code or 'kiss-o-death'}")
    if leap == 3:
        raise HostClockError(HostClockError.ANSWER, f"{server} is not synchronised itself")
    if tuple(words[5:7]) != sent:
        raise HostClockError(HostClockError.ANSWER, f"{server}: the answer is to another request")
    t2, t3 = _ntp_time(*words[7:9]), _ntp_time(*words[9:11])
    server_minus_us = ((t2 - t1) + (t3 - t4)) / 2
    delay = max(0.0, (t4 - t1) - (t3 - t2))
    return ClockReading(device_utc=dt.datetime.fromtimestamp(t4, dt.UTC),
                        offset_s=round(-server_minus_us, 3), round_trip_s=round(delay, 4))


class _Timex(ctypes.Structure):
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long), ("freq", ctypes.c_long),
                ("maxerror", ctypes.c_long), ("esterror", ctypes.c_long),
                ("status", ctypes.c_int), ("constant", ctypes.c_long),
                ("precision", ctypes.c_long), ("tolerance", ctypes.c_long),
                ("time_sec", ctypes.c_long), ("time_usec", ctypes.c_long),
                ("tick", ctypes.c_long), ("ppsfreq", ctypes.c_long), ("jitter", ctypes.c_long),
                ("shift", ctypes.c_int), ("stabil", ctypes.c_long), ("jitcnt", ctypes.c_long),
                ("calcnt", ctypes.c_long), ("errcnt", ctypes.c_long), ("stbcnt", ctypes.c_long),
                ("tai", ctypes.c_int), ("_reserved", ctypes.c_int * 11)]


STA_UNSYNC, STA_NANO, TIME_ERROR = 0x0040, 0x2000, 5


def kernel_verdict(*, result: int, status: int, offset: int, maxerror_us: int,
                   now: float) -> ClockReading:
    """The reading adjtimex's answer gives: the offset the kernel is still correcting
    (in µs, or ns with STA_NANO). Raises HostClockError when the clock is not
    synchronised."""
    if status & STA_UNSYNC or result == TIME_ERROR:
        raise HostClockError(HostClockError.UNSYNCHRONISED,
                             f"the kernel reports the clock unsynchronised (maximum error "
                             f"{maxerror_us / 1e6:g} s)")
    remaining = offset / (1e9 if status & STA_NANO else 1e6)
    # adjtimex's offset is what is still to be added to the clock: the clock is behind by it.
    return ClockReading(device_utc=dt.datetime.fromtimestamp(now, dt.UTC),
                        offset_s=round(-remaining, 3), round_trip_s=None)


def read_kernel() -> ClockReading:
    """The kernel's synchronisation state (Linux's adjtimex, read only); raises
    HostClockError."""
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name, use_errno=True) if name else None
    adjtimex = getattr(libc, "adjtimex", None)
    if adjtimex is None:
        raise HostClockError(HostClockError.UNKNOWN,
                             f"this system ({os.uname().sysname}) does not say whether its "
                             "clock is synchronised")
    state = _Timex()
    result = adjtimex(ctypes.byref(state))
    if result < 0:
        raise HostClockError(HostClockError.UNKNOWN,
                             f"adjtimex failed: {os.strerror(ctypes.get_errno())}")
    return kernel_verdict(result=result, status=state.status, offset=state.offset,
                          maxerror_us=state.maxerror, now=time.time())


def read_host_clock(server: str = "", timeout: float = 3.0) -> ClockReading:
    """This computer's clock against standard time: from `server` when one is named,
    else from the kernel's synchronisation state."""
    return read_time_server(server, timeout) if server.strip() else read_kernel()
