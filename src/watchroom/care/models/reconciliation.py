"""The room head's end-of-day reconciliation (R-EQUIP-7): the count of equipment by kind
and status against the archive, what the system sees, the differences noted, signed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import MonitoringRoom
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import EQUIPMENT_MODELS


class Reconciliation(models.Model):
    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT,
                             related_name="reconciliations", verbose_name=_("monitoring room"))
    day = models.DateField(_("day"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    anomalies = models.PositiveSmallIntegerField(_("anomalies"), default=0)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed"))

    class Meta:
        verbose_name = _("end-of-day reconciliation")
        verbose_name_plural = _("end-of-day reconciliations")
        ordering = ["-day", "room"]
        default_permissions = ("view",)
        permissions = [("sign_reconciliation", _("Can sign the end-of-day reconciliation"))]
        constraints = [models.UniqueConstraint(fields=["room", "day"],
                                               name="one_reconciliation_per_room_day")]

    def __str__(self):
        return f"{self.room} · {self.day.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("care:reconciliation_detail", args=[self.pk])


class ReconciliationLine(models.Model):
    """One kind of equipment in one status: how many the archive holds, how many the
    system sees working where it can tell, and the room head's finding."""

    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.PROTECT,
                                       related_name="lines")
    kind = models.CharField(_("kind of equipment"), max_length=30)
    status = models.CharField(_("status"), max_length=20)
    archive_count = models.PositiveIntegerField(_("in the archive"))
    seen_count = models.PositiveIntegerField(_("seen working"), null=True, blank=True)
    anomaly = models.BooleanField(_("difference or anomaly"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reconciliation line")
        verbose_name_plural = _("reconciliation lines")
        ordering = ["pk"]
        default_permissions = ()

    def __str__(self):
        return f"{self.kind} {self.status}: {self.archive_count}"

    @property
    def kind_label(self) -> str:
        model = EQUIPMENT_MODELS.get(self.kind)
        return str(model._meta.verbose_name_plural) if model else self.kind

    @property
    def status_label(self) -> str:
        return str(EquipmentStatus(self.status).label) \
            if self.status in EquipmentStatus.values else self.status
