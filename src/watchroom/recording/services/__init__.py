"""Every write about recordings (R-REC-1 … R-REC-6, R-FOOT-5), each with its audit
event, one module per concern:

- segments: a checked file sealed into the catalogue, a refused one reported;
- gaps: gaps opened and closed, the recorder's view of each stream (R-REC-6);
- unrecorded: gaps and alerts of cameras no longer recorded, closed;
- cameras: the recorder's check of a camera's stored address;
- holds (R-REC-4), retention (R-REC-1 … R-REC-3): extensions, no deleting, the sweep;
- integrity: re-hashing and reconciling the catalogue with the disk (R-REC-2);
- disk: a full or too small recordings storage;
- backup, backup_checks: the second copy and its scheduled checks (R-REC-5);
- viewing: the playback check opened and every segment fetch audited;
- live: live sessions opened, started, ended and audited once (R-FOOT-6).
"""

from watchroom.recording.services.backup import backup_check, backup_run
from watchroom.recording.services.backup_checks import (
    backup_check_record,
    backup_copies_check,
    backup_sample_check,
)
from watchroom.recording.services.cameras import (
    address_alert_key,
    camera_address_check,
    camera_address_refusal_clear,
    camera_address_refuse,
)
from watchroom.recording.services.disk import (
    disk_full_report,
    disk_full_resolve,
    storage_short_clear,
    storage_short_report,
)
from watchroom.recording.services.gaps import (
    gap_alert_key,
    gap_close_if_resumed,
    gap_open,
    gaps_check,
    gaps_open_after_restart,
    source_states_note,
)
from watchroom.recording.services.holds import hold_create, hold_place, hold_release
from watchroom.recording.services.integrity import (
    catalogue_reconcile,
    integrity_alert_key,
    segment_check,
    segment_integrity_record,
    segments_verify,
    unknown_file_quarantine,
)
from watchroom.recording.services.live import (
    live_refusal_record,
    live_session_close,
    live_session_open,
    live_session_start,
    live_sessions_close_orphans,
    live_sessions_touch,
)
from watchroom.recording.services.retention import (
    extension_decide,
    extension_request,
    retention_sweep,
    segment_delete,
)
from watchroom.recording.services.segments import (
    segment_report_refused,
    segment_seal,
    segment_seal_batch,
)
from watchroom.recording.services.unrecorded import (
    camera_address_alerts_close,
    gaps_close_unrecorded,
)
from watchroom.recording.services.viewing import (
    playback_open,
    playlist_open,
    segment_fetch_record,
    segment_play,
    viewing_sessions_close_idle,
)

__all__ = [
    "address_alert_key", "backup_check", "backup_check_record", "backup_copies_check",
    "backup_run", "backup_sample_check", "camera_address_alerts_close",
    "camera_address_check", "camera_address_refusal_clear", "camera_address_refuse",
    "catalogue_reconcile", "disk_full_report", "disk_full_resolve", "extension_decide",
    "extension_request", "gap_alert_key", "gap_close_if_resumed", "gap_open", "gaps_check",
    "gaps_close_unrecorded", "gaps_open_after_restart", "hold_create", "hold_place",
    "hold_release", "integrity_alert_key", "live_refusal_record", "live_session_close",
    "live_session_open", "live_session_start", "live_sessions_close_orphans",
    "live_sessions_touch", "playback_open", "playlist_open", "retention_sweep",
    "segment_check", "segment_delete", "segment_fetch_record", "segment_integrity_record",
    "segment_play", "segment_report_refused", "segment_seal", "segment_seal_batch",
    "segments_verify", "source_states_note", "storage_short_clear", "storage_short_report",
    "unknown_file_quarantine", "viewing_sessions_close_idle",
]
