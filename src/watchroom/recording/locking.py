"""One recorder per recordings folder (R-REC-2, R-REC-6).

A second recorder on the same folder would quarantine the first one's unfinished
files at its start and then record every camera a second time. The recorder holds an
exclusive lock on a file in the recordings folder for its whole life; the file says
which process holds it, so that a second recorder can refuse with that name.
"""

import datetime as dt
import fcntl
import json
import os
import socket
from dataclasses import dataclass

from django.utils.translation import gettext as _

from watchroom.recording import storage

LOCK_NAME = storage.RECORDER_LOCK


class RecorderAlreadyRunning(Exception):
    pass


@dataclass
class RecorderLock:
    fd: int
    path: str

    def release(self) -> None:
        if self.fd >= 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1


def lock_path():
    return storage.root() / LOCK_NAME


def _holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def acquire(node: str) -> RecorderLock:
    """The folder's lock, or RecorderAlreadyRunning naming the process that holds it."""
    path = lock_path()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise RecorderAlreadyRunning(_(
            "Another recorder is already running on %(folder)s: process %(pid)s on host "
            "%(host)s (node “%(node)s”, since %(since)s). Only one recorder may use a "
            "recordings folder (R-REC-2); this one does not start.") % {
                "folder": path.parent, "pid": holder.get("pid", "?"),
                "host": holder.get("host", "?"), "node": holder.get("node", ""),
                "since": holder.get("since", "?")}) from None
    info = {"pid": os.getpid(), "host": socket.gethostname(), "node": node,
            "since": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")}
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(info).encode("utf-8"))
    os.fsync(fd)
    return RecorderLock(fd=fd, path=str(path))
