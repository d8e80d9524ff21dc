"""A chat robot's endpoint on loopback: a real HTTP server that records what each path
received, and can be taken down (it then answers 503) and brought back."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class WebhookSink:
    def __init__(self):
        sink = self
        self.bodies: dict[str, dict] = {}
        self.received: list[tuple[str, dict]] = []
        self.keys: list[str] = []  # each taken message's Idempotency-Key
        self.refused = 0
        self.down = False

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                if sink.down:
                    sink.refused += 1
                    self.send_response(503)
                    self.end_headers()
                    return
                path = self.path.strip("/")
                sink.bodies[path] = body
                sink.received.append((path, body))
                sink.keys.append(self.headers.get("Idempotency-Key", ""))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode":0}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_sink():
    sink = WebhookSink()
    yield sink
    sink.close()
