from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from watchroom.devices.models import Camera
from watchroom.health.choices import ReferenceSource


class ReferenceImage(models.Model):
    """The picture of a camera's scene the room head approved: the `moved` check compares
    each probe's picture with it (R-EQUIP-4). One current per camera; a replaced one stays
    on record with the time it was replaced."""

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="references",
                               verbose_name=_("camera"))
    path = models.CharField(_("file"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    taken_at = models.DateTimeField(_("taken"))
    source = models.CharField(_("source"), max_length=10, choices=ReferenceSource.choices)
    health_check = models.ForeignKey("health.HealthCheck", on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("health check"))
    change = models.ForeignKey("health.CameraChange", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="references",
                               verbose_name=_("after the change"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"))
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("reference picture")
        verbose_name_plural = _("reference pictures")
        ordering = ["-approved_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("approve_reference",
                        _("Can approve a camera's reference picture"))]
        constraints = [models.UniqueConstraint(
            fields=["camera"], condition=Q(replaced_at__isnull=True),
            name="health_one_current_reference")]

    def __str__(self):
        return f"{self.camera} · {self.sha256[:12]}"
