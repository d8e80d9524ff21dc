from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.devices.models import Camera
from watchroom.health.choices import ChangeKind, ChangeStatus


class CameraChange(models.Model):
    """A change to a camera's angle, position, picture or system settings, or its
    software (R-EQUIP-4): requested with its reason and planned window, approved by the
    room head, done by the technician who says what was changed, and closed when the
    room head approves the new reference picture taken after it."""

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="changes",
                               verbose_name=_("camera"))
    kind = models.CharField(_("what changes"), max_length=10, choices=ChangeKind.choices)
    description = models.CharField(_("the change"), max_length=500)
    reason = models.CharField(_("reason"), max_length=500)
    planned_start = models.DateTimeField(_("planned from"))
    planned_end = models.DateTimeField(_("planned until"))
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices,
                              default=ChangeStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+",
                                verbose_name=_("done by"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_note = models.CharField(_("what was changed"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("camera change")
        verbose_name_plural = _("camera changes")
        ordering = ["-requested_at", "-pk"]
        default_permissions = ("view", "add")
        permissions = [("approve_change", _("Can approve or refuse a camera change")),
                       ("carry_out_change", _("Can carry out an approved camera change"))]
        constraints = [models.CheckConstraint(condition=Q(planned_end__gt=F("planned_start")),
                                              name="health_change_ends_after_start",
            violation_error_message=_("The end must come after the start."))]

    def __str__(self):
        return f"{self.camera} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("health:change_detail", args=[self.pk])
