"""R-EQUIP-3: a camera is reachable when it answers an RTSP DESCRIBE, within a deadline,
with Basic or Digest credentials: against the GStreamer test cameras, a closed port, a
silent socket and a camera that asks for credentials (a real socket server)."""

import hashlib
import re
import socket
import threading
import time

import pytest

from watchroom.health.rtsp_probe import describe, video_codec


def _md5(data: bytes):
    return hashlib.new("md5", data, usedforsecurity=False)


SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n"
       "a=rtpmap:0 PCMU/8000\r\nm=video 0 RTP/AVP 97\r\na=rtpmap:97 H265/90000\r\n")


def test_r_equip_3_a_test_camera_answers_describe_with_its_codec(rtsp_server):
    result = describe(rtsp_server.url(0), timeout=5)
    assert result.reachable and result.status == 200, result
    assert result.codec == "h264"
    assert "m=video" in result.sdp
    assert result.duration_ms < 5000


def test_r_equip_3_an_unknown_path_is_unreachable_with_its_status(rtsp_server):
    result = describe(rtsp_server.url(0).replace("cam0", "nothing"), timeout=5)
    assert not result.reachable and result.status == 404


def test_r_equip_3_a_closed_port_is_unreachable_at_once():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: refused
    result = describe(f"rtsp://127.0.0.1:{port}/x", timeout=3)
    assert not result.reachable and result.status is None
    assert result.duration_ms < 2000


def test_r_equip_3_a_silent_camera_is_unreachable_after_the_deadline():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        started = time.monotonic()
        result = describe(f"rtsp://127.0.0.1:{server.getsockname()[1]}/x", timeout=0.6)
        took = time.monotonic() - started
    assert not result.reachable and result.status is None
    assert "0.6" in result.error
    assert 0.5 < took < 2


def test_r_equip_3_something_else_on_the_port_is_no_camera():
    with _Server(lambda request: b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") as port:
        result = describe(f"rtsp://127.0.0.1:{port}/x", timeout=2)
    assert not result.reachable and "not an RTSP answer" in result.error


class _Server:
    """A one-thread RTSP answerer on loopback: `answer(request_text) -> bytes`."""

    def __init__(self, answer):
        self.answer = answer
        self.requests: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()

    def _run(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while True:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                    while b"\r\n\r\n" in data:
                        request, _sep, data = data.partition(b"\r\n\r\n")
                        self.requests.append(request.decode())
                        conn.sendall(self.answer(request.decode()))

    def __enter__(self):
        threading.Thread(target=self._run, daemon=True).start()
        return self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.sock.close()


def _reply(status: str, cseq: str, extra: str = "", body: str = "") -> bytes:
    return (f"RTSP/1.0 {status}\r\nCSeq: {cseq}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
            f"{body}").encode()


def _digest_camera(user: str, password: str, qop: bool):
    realm, nonce = "IP Camera", "abc123"

    def answer(request: str) -> bytes:
        cseq = re.search(r"CSeq: (\d+)", request).group(1)
        auth = re.search(r"Authorization: Digest (.*)", request)
        if auth:
            fields = dict(re.findall(r'(\w+)="?([^",]*)"?', auth.group(1)))
            ha1 = _md5(f"{user}:{realm}:{password}".encode()).hexdigest()
            ha2 = _md5(f"DESCRIBE:{fields['uri']}".encode()).hexdigest()
            tail = (f"{nonce}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}" if qop
                    else f"{nonce}:{ha2}")
            if fields["response"] == _md5(f"{ha1}:{tail}".encode()).hexdigest():
                return _reply("200 OK", cseq, "Content-Type: application/sdp\r\n", SDP)
            return _reply("401 Unauthorized", cseq)
        offer = f'Digest realm="{realm}", nonce="{nonce}"' + (', qop="auth"' if qop else "")
        return _reply("401 Unauthorized", cseq, f'WWW-Authenticate: Basic realm="x"\r\n'
                                                f"WWW-Authenticate: {offer}\r\n")
    return answer


@pytest.mark.parametrize("qop", [False, True])
def test_r_equip_3_digest_credentials_from_the_address(qop):
    with _Server(_digest_camera("admin", "p@ss:word", qop)) as port:
        result = describe(f"rtsp://admin:p%40ss%3Aword@127.0.0.1:{port}/h265", timeout=3)
    assert result.reachable and result.status == 200, result
    assert result.codec == "hevc"  # the video's rtpmap, not the audio's


def test_r_equip_3_digest_credentials_given_and_wrong_ones_refused():
    with _Server(_digest_camera("admin", "secret", True)) as port:
        good = describe(f"rtsp://127.0.0.1:{port}/s", username="admin", password="secret")
        bad = describe(f"rtsp://127.0.0.1:{port}/s", username="admin", password="nope")
    assert good.reachable
    assert not bad.reachable and bad.status == 401


def test_r_equip_3_basic_credentials():
    def answer(request: str) -> bytes:
        cseq = re.search(r"CSeq: (\d+)", request).group(1)
        if "Authorization: Basic dTpw" in request:  # u:p
            return _reply("200 OK", cseq, "", SDP)
        return _reply("401 Unauthorized", cseq, 'WWW-Authenticate: Basic realm="cam"\r\n')

    with _Server(answer) as port:
        result = describe(f"rtsp://u:p@127.0.0.1:{port}/s", timeout=3)
    assert result.reachable, result


def test_video_codec_reads_the_video_rtpmap():
    assert video_codec(SDP) == "hevc"
    assert video_codec("m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n") == "h264"
    assert video_codec("m=audio 0 RTP/AVP 0\r\n") == ""
