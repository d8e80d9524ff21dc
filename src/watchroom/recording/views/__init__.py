from watchroom.recording.views.pages import (
    extension_create,
    extension_detail,
    extension_list,
    hold_create,
    hold_detail,
    hold_list,
    overview,
    segment_delete,
    timeline,
)
from watchroom.recording.views.player import playback, playlist, segment_file

__all__ = [
    "extension_create", "extension_detail", "extension_list", "hold_create", "hold_detail",
    "hold_list", "overview", "playback", "playlist", "segment_delete", "segment_file",
    "timeline",
]
