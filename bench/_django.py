"""The Watchroom the recorder benchmarks run: a fresh data folder migrated (SQLite), one
site with a camera per stream and a viewer, the recorder process with its live server on
a free port (another may hold the default one), and Python run in its Django shell."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "watchroom.cli"]

SETUP = """
from json import dumps
from watchroom.audit.context import Process
from watchroom.core import services as core
from watchroom.devices import services as devices
a = Process("bench")
p = core.policy_profile_create(actor=a, kind="hospital", name="bench")
s = core.site_create(actor=a, code="B", name="bench", policy=p)
d = core.department_create(actor=a, code="BD", name="bench", site=s)
ar = core.area_create(actor=a, site=s, code="BA", name="bench", department=d)
r = devices.recorder_create(actor=a, code="WR", name="bench", site=s, kind="watchroom")
core.staff_create(actor=a, username="viewer", password="Bench-viewer-2026", full_name="bench",
                  employee_no="B0001", roles=["operator"], department=d)
for i, url in enumerate({urls!r}):
    devices.camera_create(actor=a, code=f"C{{i:03d}}", name=f"cam {{i}}", area=ar, recorder=r,
                          stream_url=url)
print(dumps(True))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shell_json(env: dict, code: str):
    """What `code`, run in the Django shell, printed as JSON on its last line."""
    out = subprocess.run([*CLI, "shell", "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def recorder_start(urls, data: Path, segment: int) -> tuple[dict, subprocess.Popen]:
    """The environment of a Watchroom in `data` recording `urls`, and its recorder."""
    env = {**os.environ, "WATCHROOM_DATA": str(data), "WATCHROOM_CAMERA_LOOPBACK": "1",
           "DJANGO_SETTINGS_MODULE": "watchroom.settings",
           "WATCHROOM_LIVE_PORT": str(free_port()),
           "WATCHROOM_SEGMENT_SECONDS": str(segment), "WATCHROOM_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    subprocess.run([*CLI, "migrate", "-v", "0"], env=env, check=True)
    shell_json(env, SETUP.format(urls=list(urls)))
    recorder = subprocess.Popen([*CLI, "recorder"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
    return env, recorder
