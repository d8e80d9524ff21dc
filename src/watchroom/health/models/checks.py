from django.db import models
from django.utils.translation import gettext_lazy as _

from watchroom.devices.models import Camera


class ProbeSource(models.TextChoices):
    LIVE = "live", _("the recorder's live stream")
    PULL = "pull", _("a short pull from the camera")
    NONE = "none", _("no picture")


class HealthCheck(models.Model):
    """One probe of one camera (R-EQUIP-3): what was measured, what failed, and what an
    approved block or change excused. Kept as the camera's health history."""

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="health_checks",
                               verbose_name=_("camera"))
    checked_at = models.DateTimeField(_("checked"))
    reachable = models.BooleanField(_("reachable"))
    source = models.CharField(_("picture from"), max_length=10, choices=ProbeSource.choices,
                              default=ProbeSource.NONE)
    codec = models.CharField(_("codec"), max_length=20, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    fps = models.FloatField(_("frame rate"), null=True, blank=True)
    kbps = models.PositiveIntegerField(_("bit rate (kbit/s)"), null=True, blank=True)
    # {check: {"status": "pass"|"fail"|"skipped", "score": float, "threshold": float}}
    verdicts = models.JSONField(_("image checks"), default=dict, blank=True)
    # The causes that failed ("unreachable", "stream", "black", "frozen", …).
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # cause -> why it opens no fault (an approved block, a change in progress).
    excused = models.JSONField(_("excused"), default=dict, blank=True)
    ok = models.BooleanField(_("healthy"))
    picture = models.CharField(_("picture"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("took (ms)"), default=0)

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-checked_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("probe_camera", _("Can ask for a camera's health check now"))]
        indexes = [models.Index(fields=["camera", "-checked_at"], name="health_camera_latest")]

    def __str__(self):
        return f"{self.camera} @ {self.checked_at:%Y-%m-%d %H:%M:%S}"
