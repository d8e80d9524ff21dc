"""Faults and their repairs (R-EQUIP-3, R-REC-6: a gap is a fault).

A fault names its equipment by the model's label ("devices.camera") and the row's id,
the same pair an alert's target and an audit event's target carry, so an alert's
target leads to its fault without a lookup table, and equipment kinds added later
(switches, UPS) need no change here. `equipment` loads the row."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.care.choices import FaultCategory, FaultSource, FaultStatus, ProofKind
from watchroom.core.models import Site


class Fault(models.Model):
    equipment_type = models.CharField(_("equipment kind"), max_length=40)
    equipment_id = models.PositiveIntegerField(_("equipment"))
    equipment_label = models.CharField(_("equipment"), max_length=300)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", null=True,
                             blank=True, verbose_name=_("site"))
    # What opened it: "manual:<category>", or the alert kind that found it ("recording.gap", …).
    cause = models.CharField(_("cause"), max_length=60, default="manual")
    category = models.CharField(_("category"), max_length=20, choices=FaultCategory.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported"))
    source = models.CharField(_("reported from"), max_length=20, choices=FaultSource.choices)
    deadline = models.DateTimeField(_("repair by"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("assigned to"))
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FaultStatus.choices,
                              default=FaultStatus.OPEN)
    repair_started_at = models.DateTimeField(_("repair started"), null=True, blank=True)
    closed_at = models.DateTimeField(_("restored"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", null=True, blank=True,
                                  verbose_name=_("closed by"))
    proof_kind = models.CharField(_("proof"), max_length=20, choices=ProofKind.choices,
                                  blank=True)
    proof = models.JSONField(_("proof details"), default=dict, blank=True)
    # Escalation steps already taken when overdue (once each).
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    escalated_at = models.DateTimeField(_("last escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("fault")
        verbose_name_plural = _("faults")
        ordering = ["deadline", "pk"]
        default_permissions = ("add", "view")
        permissions = [
            ("assign_fault", _("Can assign a fault to a technician")),
            ("repair_fault", _("Can repair faults and sign repair records")),
            ("close_fault", _("Can close a fault once a check proves the repair")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["equipment_type", "equipment_id", "cause"],
                condition=~Q(status="closed"), name="care_one_open_fault_per_cause"),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="care_fault_status_deadline"),
            models.Index(fields=["equipment_type", "equipment_id"], name="care_fault_equipment"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.equipment_label} · {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("care:fault_detail", args=[self.pk])

    @property
    def equipment(self):
        """The faulty item itself, or None if its kind is no longer installed."""
        try:
            model = apps.get_model(self.equipment_type)
        except (LookupError, ValueError):
            return None
        return model.objects.filter(pk=self.equipment_id).first()

    @property
    def is_open(self) -> bool:
        return self.status != FaultStatus.CLOSED


class FaultReport(models.Model):
    """A later report of an open fault (a person, or another alert of the same cause)."""

    fault = models.ForeignKey(Fault, on_delete=models.PROTECT, related_name="reports",
                              verbose_name=_("fault"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported"))
    source = models.CharField(_("reported from"), max_length=20, choices=FaultSource.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    alert_key = models.CharField(_("alert"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fault report")
        verbose_name_plural = _("fault reports")
        ordering = ["reported_at", "pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.fault} @ {self.reported_at:%Y-%m-%d %H:%M}"


class Repair(models.Model):
    """The repair record (检修记录), signed by the technician who did it."""

    fault = models.ForeignKey(Fault, on_delete=models.PROTECT, related_name="repairs",
                              verbose_name=_("fault"))
    cause_found = models.TextField(_("cause found"), max_length=2000)
    work_done = models.TextField(_("work done"), max_length=2000)
    parts = models.CharField(_("parts replaced"), max_length=500, blank=True)
    repaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("repaired by"))
    vendor = models.CharField(_("outside repairer"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("repair")
        verbose_name_plural = _("repairs")
        ordering = ["recorded_at", "pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.fault} · {self.work_done[:40]}"
