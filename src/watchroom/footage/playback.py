"""What a player is sent of a segment under a footage request (R-FOOT-3): the segment
itself when the approved range covers all of it, else only its approved part, cut once
and kept on disk beside the exports."""

import datetime as dt
from pathlib import Path

from watchroom.footage import cutting, package
from watchroom.footage.cutting import CutError
from watchroom.footage.package import SegmentChanged
from watchroom.footage.selectors import exports_dir

__all__ = ["CutError", "SegmentChanged", "approved_part", "cache_dir"]


def cache_dir() -> Path:
    return exports_dir() / "playback"


def approved_part(segment, path: Path, start: dt.datetime, end: dt.datetime) -> Path:
    if start <= segment.start and segment.end <= end:
        return path
    name = (f"{segment.pk}-{segment.sha256[:16]}-{int(start.timestamp() * 1000)}-"
            f"{int(end.timestamp() * 1000)}.mp4")
    if not (cache_dir() / name).exists():
        package.check_sealed(package.Source(path=path, arcname="", sha256=segment.sha256,
                                            bytes=segment.bytes, info={}))
    return cutting.cached_cut(path, segment.start, start, end, cache_dir(), name)
