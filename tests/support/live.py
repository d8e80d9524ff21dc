"""Watching a camera live from the tests: a session and ticket as the wall gets them,
and a client that reads the recorder's live stream (or stops reading)."""

import http.client
import io
import socket
import time

import av

from watchroom.recording import live_tickets, services
from watchroom.recording.models import LiveSession


def ticket_for(user, camera, stream: str = "main", codec: str = "") -> tuple[LiveSession, str]:
    session = services.live_session_open(actor=user, camera=camera, stream=stream)
    token = live_tickets.issue(user_id=user.pk, camera_id=camera.pk, stream=stream,
                               session_id=session.pk, codec=codec)
    return session, token


def live_path(camera_id: int, stream: str, token: str) -> str:
    return f"/live/{camera_id}/{stream}.mp4?t={token}"


class LiveClient:
    """One viewer: GET the live stream and read it for a while."""

    def __init__(self, address: str, path: str, timeout: float = 15):
        host, port = address.rsplit(":", 1)
        self.connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        self.connection.request("GET", path)
        self.response = self.connection.getresponse()
        self.status = self.response.status
        self.headers = dict(self.response.getheaders())

    def read_for(self, seconds: float) -> bytes:
        data = bytearray()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            chunk = self.response.read1(65536)
            if not chunk:
                break
            data += chunk
        return bytes(data)

    def json(self) -> dict:
        import json

        return json.loads(self.response.read())

    def close(self) -> None:
        self.response.close()
        self.connection.close()


def stuck_viewer(address: str, path: str) -> socket.socket:
    """A client that asks for the stream, with a tiny receive buffer, and never reads."""
    host, port = address.rsplit(":", 1)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, int(port)))
    sock.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    return sock


def decoded_pictures(data: bytes) -> list:
    """(pts seconds, key) of every picture PyAV decodes from an fMP4 byte stream."""
    container = av.open(io.BytesIO(data), format="mp4")
    stream = container.streams.video[0]
    pictures = []
    for frame in container.decode(stream):
        pictures.append((float(frame.pts * stream.time_base), frame.key_frame))
    container.close()
    return pictures
