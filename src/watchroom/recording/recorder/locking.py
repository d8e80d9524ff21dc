"""One recorder per recordings folder and per node (R-REC-2, R-REC-6).

A second recorder on the same folder would quarantine the first one's unfinished
files at its start and then record every camera a second time; a second recorder of
the same node on another folder would record the same cameras twice. The recorder
holds, for its whole life:

- an exclusive lock on a file in the recordings folder, which says which process
  holds it;
- a lock on its node in the database it catalogues into: a PostgreSQL advisory lock
  on a connection of its own (named after the process, so that a second recorder can
  say who holds it), or with SQLite a lock file next to the database file.

A second recorder refuses to start, naming the process and host that hold the lock.
"""

import datetime as dt
import fcntl
import json
import os
import socket
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _

from watchroom.recording import storage

LOCK_NAME = storage.RECORDER_LOCK


class RecorderAlreadyRunning(Exception):
    pass


PG_NAMESPACE = 0x57524543  # the advisory lock's first key: "WREC"


@dataclass
class RecorderLock:
    fds: list[int] = field(default_factory=list)
    database: object = None

    def release(self) -> None:
        if self.database is not None:
            self.database.close()
            self.database = None
        while self.fds:
            fd = self.fds.pop()
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def lock_path():
    return storage.root() / LOCK_NAME


def _me(node: str) -> dict:
    return {"pid": os.getpid(), "host": socket.gethostname(), "node": node,
            "since": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")}


def _refusal(where, holder: dict) -> RecorderAlreadyRunning:
    return RecorderAlreadyRunning(_(
        "Another recorder already holds %(where)s: process %(pid)s on host %(host)s "
        "(node “%(node)s”, since %(since)s). Only one recorder runs per recordings folder "
        "and per node (R-REC-2); this one does not start.") % {
            "where": where, "pid": holder.get("pid", "?"), "host": holder.get("host", "?"),
            "node": holder.get("node", ""), "since": holder.get("since", "?")})


def _holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _lock_file(path: Path, node: str, where) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise _refusal(where, holder) from None
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, json.dumps(_me(node)).encode("utf-8"))
    os.fsync(fd)
    return fd


def _node_key(node: str) -> int:
    """The advisory lock's second key, a signed 32-bit number for the node's name."""
    value = zlib.crc32(f"watchroom.recorder:{node}".encode())
    return value - (1 << 32) if value >= 1 << 31 else value


def _lock_node_postgresql(node: str, where):
    me = _me(node)
    database = connections.create_connection("default")
    database.ensure_connection()
    with database.cursor() as cursor:
        cursor.execute("SELECT set_config('application_name', %s, false)",
                       [f"watchroom recorder pid={me['pid']} host={me['host']}"[:63]])
        key = _node_key(node)
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [PG_NAMESPACE, key])
        if cursor.fetchone()[0]:
            return database
        cursor.execute(
            "SELECT a.application_name, a.backend_start FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory'"
            " AND l.classid = %s AND l.objid = %s AND l.objsubid = 2 AND l.granted",
            [PG_NAMESPACE, key & 0xFFFFFFFF])
        row = cursor.fetchone()
    database.close()
    holder = {"node": node}
    if row:
        fields = dict(part.split("=", 1) for part in row[0].split() if "=" in part)
        holder.update(pid=fields.get("pid", "?"), host=fields.get("host", "?"),
                      since=row[1].astimezone().isoformat(timespec="seconds"))
    raise _refusal(where, holder)


def _lock_node(lock: RecorderLock, node: str) -> None:
    database = connections["default"]
    where = _("node “%(node)s” of database %(name)s") % {
        "node": node, "name": database.settings_dict["NAME"]}
    if database.vendor == "postgresql":
        lock.database = _lock_node_postgresql(node, where)
    elif database.vendor == "sqlite":
        name = str(database.settings_dict["NAME"])
        if name and ":memory:" not in name and "mode=memory" not in name:
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in node)
            path = Path(f"{name}.recorder-{safe}.lock")
            lock.fds.append(_lock_file(path, node, where))


def acquire(node: str) -> RecorderLock:
    """The folder's and the node's locks, or RecorderAlreadyRunning naming the process
    that holds one."""
    lock = RecorderLock()
    try:
        path = lock_path()
        lock.fds.append(_lock_file(path, node, _("the recordings folder %(folder)s") % {
            "folder": path.parent}))
        _lock_node(lock, node)
    except BaseException:
        lock.release()
        raise
    return lock
