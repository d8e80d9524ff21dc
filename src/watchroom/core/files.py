"""Files that must survive a crash and hashes that prove them: the one place that
writes durably (write, fsync, rename, fsync the folder) and streams SHA-256."""

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

CHUNK = 1 << 20


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def makedirs_durably(path: Path) -> None:
    """Create `path` and its missing parents, each folder's entry flushed to disk."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(exist_ok=True)
        fsync_dir(directory.parent)


def durable_move(temp: Path, final: Path, *, replace: bool = False) -> Path:
    """temp file → fsync → rename to `final` → fsync its folder. Without `replace`, an
    existing `final` is never overwritten (FileExistsError)."""
    temp, final = Path(temp), Path(final)
    fsync_file(temp)
    makedirs_durably(final.parent)
    if replace:
        os.replace(temp, final)
    else:
        if final.exists():
            raise FileExistsError(f"{final} already exists")
        os.rename(temp, final)
    fsync_dir(final.parent)
    return final


def durable_write(final: Path, data: bytes, *, mode: int = 0o600) -> Path:
    """Write `data` to `final` (replacing it) so that a crash leaves the old file or
    the new one, never half of either."""
    final = Path(final)
    makedirs_durably(final.parent)
    temp = final.with_name(f".{final.name}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return durable_move(temp, final, replace=True)


def sha256_file(path: Path, chunk: int = CHUNK) -> tuple[str, int]:
    """(hex SHA-256, size in bytes) of a file, read in chunks into one buffer."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb", buffering=0) as handle:
        buffer = bytearray(chunk)
        view = memoryview(buffer)
        while n := handle.readinto(buffer):
            digest.update(view[:n])
            size += n
    return digest.hexdigest(), size


def sha256_chunks(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
