"""Alerts: something needs a person's attention (a recording gap, a full disk, an
integrity alarm …). Shared by every app; at most one open alert per key."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.alerts.choices import Severity


class Alert(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    key = models.CharField(_("key"), max_length=200)
    message = models.TextField(_("message"), max_length=2000)
    target_type = models.CharField(_("target type"), max_length=60, blank=True)
    target_id = models.CharField(_("target id"), max_length=300, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_note = models.CharField(_("closing note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at"]
        permissions = [("acknowledge_alert", _("Can acknowledge an alert"))]
        indexes = [models.Index(fields=["closed_at", "severity"], name="alert_open_severity")]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(closed_at__isnull=True),
                                    name="one_open_alert_per_key"),
        ]

    def __str__(self):
        return f"{self.get_severity_display()}: {self.message[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("alerts:alert_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
