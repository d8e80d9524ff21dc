from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from watchroom.devices.models import Camera, Recorder


class ClockReading(models.Model):
    """One reading of a camera's or recorder's clock over ONVIF (R-DUTY-5): the offset
    from Watchroom's clock, or why it could not be read. Kept as the clock's history."""

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="clock_readings", verbose_name=_("camera"))
    recorder = models.ForeignKey(Recorder, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="clock_readings", verbose_name=_("recorder"))
    measured_at = models.DateTimeField(_("measured at"))
    # The device's clock minus Watchroom's, in seconds; empty when it could not be read.
    offset_s = models.FloatField(_("clock offset (s)"), null=True, blank=True)
    round_trip_s = models.FloatField(_("round trip (s)"), null=True, blank=True)
    tolerance_s = models.PositiveIntegerField(_("tolerance (s)"))
    ok = models.BooleanField(_("within tolerance"))
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("clock reading")
        verbose_name_plural = _("clock readings")
        ordering = ["-measured_at", "-pk"]
        default_permissions = ("view",)
        constraints = [models.CheckConstraint(
            condition=Q(camera__isnull=False, recorder__isnull=True)
            | Q(camera__isnull=True, recorder__isnull=False),
            name="clock_reading_one_equipment")]
        indexes = [
            models.Index(fields=["camera", "-measured_at"], name="clock_camera_latest"),
            models.Index(fields=["recorder", "-measured_at"], name="clock_recorder_latest"),
        ]

    def __str__(self):
        return f"{self.equipment} @ {self.measured_at:%Y-%m-%d %H:%M:%S}"

    @property
    def equipment(self):
        return self.camera or self.recorder

    @property
    def read(self) -> bool:
        return self.offset_s is not None
