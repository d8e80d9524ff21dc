"""The recording catalogue: sealed segments, gaps, holds and retention extensions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.core.times import local_text
from watchroom.devices.models import Camera
from watchroom.recording.choices import (
    CameraPhase,
    Decision,
    HoldLink,
    IntegrityState,
    LiveEnd,
    LiveStream,
    SegmentState,
    SourceCause,
)


class Segment(models.Model):
    """One finished, hashed recording file (R-REC-5). Never edited; removed only
    after `keep_until` and when no hold covers it (R-REC-2, R-REC-3)."""

    id = models.BigAutoField(primary_key=True)
    camera = models.ForeignKey(
        Camera, on_delete=models.PROTECT, related_name="segments", verbose_name=_("camera")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    path = models.CharField(_("file"), max_length=300, unique=True)
    bytes = models.BigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed"))
    keep_until = models.DateTimeField(_("kept until"))
    state = models.CharField(
        _("state"), max_length=10, choices=SegmentState.choices, default=SegmentState.SEALED
    )
    verified_at = models.DateTimeField(_("last verified"))
    integrity = models.CharField(
        _("integrity"), max_length=10, choices=IntegrityState.choices, default=IntegrityState.OK
    )
    backed_up_at = models.DateTimeField(_("backed up"), null=True, blank=True)

    class Meta:
        verbose_name = _("recording segment")
        verbose_name_plural = _("recording segments")
        ordering = ["camera", "start"]
        indexes = [
            models.Index(fields=["camera", "start"], name="segment_camera_start"),
            models.Index(fields=["keep_until"], name="segment_keep_until"),
            models.Index(fields=["verified_at"], name="segment_verified_at"),
        ]
        permissions = [
            ("playback_check", _("Can play back recent footage for the pre-shift check")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                   name="segment_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.camera.code} {local_text(self.start, '%Y-%m-%d %H:%M:%S')}"

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


class Gap(models.Model):
    """A stretch with no recording for a camera that should record (R-REC-6)."""

    camera = models.ForeignKey(
        Camera, on_delete=models.PROTECT, related_name="gaps", verbose_name=_("camera")
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected"))
    cause = models.CharField(_("cause"), max_length=20, choices=SourceCause.choices, blank=True,
                             default="")

    class Meta:
        verbose_name = _("recording gap")
        verbose_name_plural = _("recording gaps")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["camera"], condition=Q(end__isnull=True), name="one_open_gap_per_camera"
            ),
        ]

    def __str__(self):
        return f"{self.camera.code} {local_text(self.start)}"


class Hold(models.Model):
    """An evidence lock on cameras × a time range (R-REC-4)."""

    reason = models.CharField(_("reason"), max_length=300)
    link_kind = models.CharField(_("linked to"), max_length=20, choices=HoldLink.choices)
    link_ref = models.CharField(_("reference"), max_length=100, blank=True)
    cameras = models.ManyToManyField(Camera, related_name="holds", verbose_name=_("cameras"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        null=True, blank=True, verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        null=True, blank=True, verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    release_note = models.CharField(_("release note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-placed_at"]
        permissions = [("release_hold", _("Can release a hold")),
                       ("hold_for_incident", _("Can put an incident's footage on hold"))]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                   name="hold_ends_after_start"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.reason[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("recording:hold_detail", args=[self.pk])

    @property
    def active(self) -> bool:
        return self.released_at is None


class RetentionExtension(models.Model):
    """A camera kept longer than the policy's minimum, approved by a leader (R-REC-1)."""

    camera = models.ForeignKey(
        Camera, on_delete=models.PROTECT, related_name="retention_extensions",
        verbose_name=_("camera"),
    )
    days = models.PositiveIntegerField(_("retention (days)"))
    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    status = models.CharField(
        _("status"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        null=True, blank=True, verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention extension")
        verbose_name_plural = _("retention extensions")
        ordering = ["-requested_at"]
        permissions = [("approve_retentionextension", _("Can approve a retention extension"))]

    def __str__(self):
        return f"{self.camera.code} {self.days}"


class ViewingSession(models.Model):
    """A person fetching segment files of one camera on one basis (the playback check or
    one approved request) without pausing longer than the idle time (R-FOOT-5). Its
    opening and its closing, with every segment fetched, are audited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("viewer"))
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("camera"))
    basis = models.CharField(_("basis"), max_length=60)
    opened_at = models.DateTimeField(_("opened"))
    last_fetch_at = models.DateTimeField(_("last fetch"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    segments = models.JSONField(_("segments fetched"), default=list)
    fetches = models.PositiveIntegerField(_("fetches"), default=0)

    class Meta:
        verbose_name = _("viewing session")
        verbose_name_plural = _("viewing sessions")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(
            fields=["user", "camera", "basis"], condition=Q(closed_at__isnull=True),
            name="one_open_viewing_session")]
        indexes = [models.Index(fields=["closed_at", "last_fetch_at"],
                                name="viewing_open_idx")]

    def __str__(self):
        return f"{self.user} {self.camera} {self.basis}"


class Recovery(models.Model):
    """A file left unfinished by a recorder that died (R-REC-2): the readable part
    sealed as a segment, the whole file kept in quarantine."""

    camera = models.ForeignKey(
        Camera, on_delete=models.PROTECT, related_name="recoveries", verbose_name=_("camera"),
        null=True, blank=True,
    )
    segment = models.OneToOneField(
        Segment, on_delete=models.PROTECT, related_name="recovery", null=True, blank=True,
        verbose_name=_("recovered segment"),
    )
    quarantined_as = models.CharField(_("kept in quarantine as"), max_length=300)
    started = models.DateTimeField(_("writing started"), null=True, blank=True)
    readable_until = models.DateTimeField(_("readable until"), null=True, blank=True)
    found_at = models.DateTimeField(_("found"))

    class Meta:
        verbose_name = _("recovered file")
        verbose_name_plural = _("recovered files")
        ordering = ["-found_at"]

    def __str__(self):
        return self.quarantined_as


class SourceState(models.Model):
    """What the recorder last knew about a camera's stream: since when it has failed,
    and why (R-REC-6)."""

    camera = models.OneToOneField(
        Camera, on_delete=models.CASCADE, related_name="source_state", verbose_name=_("camera")
    )
    cause = models.CharField(_("cause"), max_length=20, choices=SourceCause.choices, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    since = models.DateTimeField(_("since"))
    # What the wall and the camera list show, published by the recorder; `updated_at` is
    # its heartbeat: a state older than selectors.STATE_STALE_S is unknown.
    state = models.CharField(_("state"), max_length=12, choices=CameraPhase.choices, blank=True)
    state_since = models.DateTimeField(_("state since"), null=True, blank=True)
    recording = models.BooleanField(_("recording"), default=False)
    live_address = models.CharField(_("live server"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("stream state")
        verbose_name_plural = _("stream states")

    def __str__(self):
        return f"{self.camera.code} {self.cause or 'ok'}"


class LiveSession(models.Model):
    """One person watching one camera's stream live (R-FOOT-6): opened by the web
    application after the scope check, started and ended by the recorder's live server,
    audited once, when it ends (`live.watched`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("viewer"))
    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("camera"))
    stream = models.CharField(_("stream"), max_length=4, choices=LiveStream.choices,
                              default=LiveStream.MAIN)
    opened = models.DateTimeField(_("opened"))
    started = models.DateTimeField(_("started"), null=True, blank=True)
    ended = models.DateTimeField(_("ended"), null=True, blank=True)
    bytes = models.BigIntegerField(_("bytes sent"), default=0)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=LiveEnd.choices,
                                  blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-opened"]
        indexes = [models.Index(fields=["ended", "last_seen"], name="live_open_idx")]

    def __str__(self):
        return f"{self.user} {self.camera} {self.stream}"
