from django.db import models
from django.utils.translation import gettext_lazy as _


class SegmentState(models.TextChoices):
    SEALED = "sealed", _("Sealed")
    EXPIRED = "expired", _("Expired, being removed")


class IntegrityState(models.TextChoices):
    OK = "ok", _("Intact")
    CHANGED = "changed", _("Changed on disk")
    MISSING = "missing", _("Missing from disk")


class HoldLink(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Footage request")
    INVESTIGATION = "investigation", _("Investigation")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SourceCause(models.TextChoices):
    """Why a camera's stream could not be recorded, as the recorder last saw it."""

    REFUSED = "refused", _("Connection refused")
    UNREACHABLE = "unreachable", _("Camera unreachable")
    NOT_FOUND = "not_found", _("No such stream (404)")
    UNAUTHORIZED = "unauthorized", _("Wrong user name or password (401)")
    TIMEOUT = "timeout", _("No stream before the deadline")
    NOT_A_STREAM = "not_a_stream", _("Not a video stream")
    UNSUPPORTED_CODEC = "unsupported_codec", _("Unsupported video codec")
    PROTOCOL = "protocol", _("Address protocol not allowed")
    RECORDER_STOPPED = "recorder_stopped", _("The recorder was not running")
    OTHER = "other", _("Other failure")


class CameraPhase(models.TextChoices):
    """A camera's state as the recorder publishes it (the wall, the camera list, the API)."""

    CONNECTING = "connecting", _("Connecting")
    LIVE = "live", _("Live")
    RECONNECTING = "reconnecting", _("Reconnecting")
    OFFLINE = "offline", _("Offline")
    UNKNOWN = "unknown", _("Unknown (the recorder is not reporting)")
    NOT_RECORDED = "not_recorded", _("Not recorded")


class LiveStream(models.TextChoices):
    MAIN = "main", _("Main stream")
    SUB = "sub", _("Sub-stream")


class LiveEnd(models.TextChoices):
    """Why a live session ended."""

    VIEWER_LEFT = "viewer_left", _("The viewer left")
    TOO_SLOW = "too_slow", _("The viewer fell behind and was dropped")
    SEND_TIMEOUT = "send_timeout", _("The viewer stopped reading and was dropped")
    CAMERA_REMOVED = "camera_removed", _("The camera is no longer recorded here")
    RECORDER_STOPPED = "recorder_stopped", _("The recorder stopped")
    RECORDER_LOST = "recorder_lost", _("The recorder stopped reporting")
    NEVER_STARTED = "never_started", _("The stream was never opened")
