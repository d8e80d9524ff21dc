"""A real SNTP time server on loopback (RFC 4330's server side), whose clock is this
machine's plus `offset_s`, changed at any moment:

    with TimeServer(offset_s=-40) as server:
        ... read_time_server(server.address) ...  # this machine is 40 s ahead

`stratum=0` answers a kiss-o'-death ("RATE"), `silent=True` answers nothing,
`delay_s` waits before answering (between its receive and transmit stamps, as a busy
server does). `requests` counts the questions."""

import socket
import struct
import threading
import time

NTP_EPOCH = 2_208_988_800


def _words(unix: float) -> tuple[int, int]:
    return int(unix) + NTP_EPOCH, int((unix % 1) * 2**32) & 0xFFFFFFFF


class TimeServer:
    def __init__(self, *, offset_s: float = 0.0, stratum: int = 2, silent: bool = False,
                 delay_s: float = 0.0, host: str = "127.0.0.1"):
        self.offset_s, self.stratum, self.silent, self.delay_s = offset_s, stratum, silent, delay_s
        self.requests = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind((host, 0))
        self._sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name="time-server")

    @property
    def address(self) -> str:
        host, port = self._sock.getsockname()
        return f"{host}:{port}"

    def start(self) -> "TimeServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()

    def __enter__(self) -> "TimeServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                request, client = self._sock.recvfrom(512)
            except TimeoutError:
                continue
            except OSError:
                return
            received = time.time() + self.offset_s
            self.requests += 1
            if self.silent or len(request) < 48:
                continue
            if self.delay_s:
                time.sleep(self.delay_s)
            version = (request[0] >> 3) & 7
            answer = bytearray(48)
            answer[0] = (0 << 6) | (version << 3) | 4
            answer[1] = self.stratum
            answer[2], answer[3] = 6, 0xEC  # poll 2^6 s, precision about 2^-20 s
            if self.stratum == 0:
                answer[12:16] = b"RATE"
            else:
                answer[12:16] = b"\x7f\x00\x00\x01"
            answer[16:24] = struct.pack("!II", *_words(received))  # reference time
            answer[24:32] = request[40:48]  # originate: the client's transmit time
            answer[32:40] = struct.pack("!II", *_words(received))
            answer[40:48] = struct.pack("!II", *_words(time.time() + self.offset_s))
            try:
                self._sock.sendto(bytes(answer), client)
            except OSError:
                return
