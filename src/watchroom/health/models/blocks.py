from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import Department
from watchroom.devices.models import Camera
from watchroom.health.choices import BlockStatus


class CameraBlock(models.Model):
    """A temporary block (遮挡) of a camera (R-EQUIP-5): the using department applies for
    a time window with its reason, the room head approves or refuses it, and it ends when
    the work is finished or at its end time, whichever comes first."""

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="blocks",
                               verbose_name=_("camera"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("using department"))
    reason = models.CharField(_("reason"), max_length=500)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=BlockStatus.choices,
                              default=BlockStatus.APPLIED)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("applied by"))
    applied_at = models.DateTimeField(_("applied"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # None: ended by itself at its end time.
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+",
                                 verbose_name=_("ended by"))
    end_note = models.CharField(_("end note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("camera block")
        verbose_name_plural = _("camera blocks")
        ordering = ["-starts_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("approve_block", _("Can approve or refuse a camera block"))]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                              name="health_block_ends_after_start",
            violation_error_message=_("The end must come after the start."))]
        indexes = [models.Index(fields=["camera", "status", "ends_at"],
                                name="health_block_camera_window")]

    def __str__(self):
        return f"{self.camera} · {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("health:block_detail", args=[self.pk])

    def active_at(self, at) -> bool:
        return (self.status == BlockStatus.APPROVED and self.starts_at <= at < self.ends_at)
