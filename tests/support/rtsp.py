"""Starting and stopping the test RTSP server from the tests (see rtsp_server.py)."""

import os
import select
import signal
import subprocess
import time
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("rtsp_server.py")


def available() -> str | None:
    """None when GStreamer's RTSP server can run here, else why not."""
    if not os.path.exists(SYSTEM_PYTHON):
        return f"{SYSTEM_PYTHON} is missing"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0');"
         "from gi.repository import GstRtspServer"], capture_output=True, text=True)
    if probe.returncode != 0:
        return ("GStreamer's RTSP server is not installed (Debian: gir1.2-gst-rtsp-server-1.0 "
                f"python3-gi gstreamer1.0-plugins-*): {probe.stderr.strip()[-300:]}")
    return None


class RtspServer:
    def __init__(self, streams: int = 1, source: str = "pattern", port: int = 0, **options):
        self.streams = streams
        self.source = str(source)
        self.port = port
        self.options = options
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> "RtspServer":
        command = [SYSTEM_PYTHON, str(SCRIPT), "--port", str(self.port), "--streams",
                   str(self.streams), "--source", self.source]
        for name, value in self.options.items():
            command += [f"--{name}", str(value)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if ready:
                line = self.process.stdout.readline()
                if line.startswith("READY"):
                    self.port = int(line.split()[1])
                    return self
            if self.process.poll() is not None:
                break
        error = self.process.stderr.read() if self.process.poll() is not None else "timeout"
        self.stop()
        raise RuntimeError(f"the RTSP server did not start: {error}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> "RtspServer":
        self.stop()
        return self.start()

    def url(self, index: int = 0) -> str:
        return f"rtsp://127.0.0.1:{self.port}/cam{index}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
