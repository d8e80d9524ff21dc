"""Where the muxer's bytes go: straight to the file being written, and through its
SHA-256 and the structure index on the way, so that the sealer need not read the file
again. The muxer is given no way to seek: every byte is written once, in order, and
what was hashed is what is in the file."""

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from watchroom.recording.recorder import fragments


@dataclass(frozen=True)
class Written:
    """What a segment file received, as it was written."""

    sha256: str
    size: int
    index: fragments.Index


class Sink:
    def __init__(self, path: Path):
        self.path = path
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self.hash = hashlib.sha256()
        self.index = fragments.Index()
        self.size = 0

    def write(self, data) -> int:
        view = memoryview(data)
        done = 0
        while done < len(view):
            done += os.write(self.fd, view[done:])
        self.hash.update(view)
        self.index.feed(view)
        self.size += done
        return done

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)

    def written(self) -> Written:
        return Written(self.hash.hexdigest(), self.size, self.index)
