"""Replacement of ageing equipment (R-EQUIP-6): a plan drafted by the technician or the
room head, agreed by the planning, technical and using departments (one signed line
each), approved by the leader the profile names, tracked to done item by item."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import Department, Site
from watchroom.devices.models import EQUIPMENT_MODELS


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting agreement and approval")
    APPROVED = "approved", _("Approved")
    DONE = "done", _("Done")


class AgreementPart(models.TextChoices):
    PLANNING = "planning", _("Planning department")
    TECHNICAL = "technical", _("Technical department")
    USING = "using", _("Using department")


class ReplacementPlan(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="replacement_plans",
                             verbose_name=_("site"))
    title = models.CharField(_("title"), max_length=200)
    reason = models.TextField(_("reason"), max_length=4000)
    planned_date = models.DateField(_("planned date"))
    budget_note = models.CharField(_("budget"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("drafted by"))
    drafted_at = models.DateTimeField(_("drafted"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("approved by"))
    approved_role = models.CharField(_("approved as"), max_length=30, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("replacement plan")
        verbose_name_plural = _("replacement plans")
        ordering = ["-drafted_at", "-pk"]
        default_permissions = ("view", "add", "change")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("care:replacement_detail", args=[self.pk])


class ReplacementItem(models.Model):
    """One item of the archive to replace, and what replaced it."""

    plan = models.ForeignKey(ReplacementPlan, on_delete=models.PROTECT, related_name="items")
    equipment_label = models.CharField(_("kind of equipment"), max_length=30)
    equipment_id = models.PositiveIntegerField(_("equipment"))
    equipment_code = models.CharField(_("code"), max_length=40)
    new_code = models.CharField(_("replaced by"), max_length=40, blank=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("recorded by"))
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        verbose_name = _("item to replace")
        verbose_name_plural = _("items to replace")
        ordering = ["pk"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(
            fields=["plan", "equipment_label", "equipment_id"], name="one_item_per_plan")]

    def __str__(self):
        return self.equipment_code

    @property
    def equipment(self):
        model = EQUIPMENT_MODELS.get(self.equipment_label)
        return model.objects.filter(pk=self.equipment_id).first() if model else None

    @property
    def kind_label(self) -> str:
        model = EQUIPMENT_MODELS.get(self.equipment_label)
        return str(model._meta.verbose_name) if model else self.equipment_label


class ReplacementAgreement(models.Model):
    """A department's agreement to the plan, signed by one of its people."""

    plan = models.ForeignKey(ReplacementPlan, on_delete=models.PROTECT,
                             related_name="agreements")
    part = models.CharField(_("as"), max_length=20, choices=AgreementPart.choices)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   null=True, blank=True, verbose_name=_("department"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("department's agreement")
        verbose_name_plural = _("departments' agreements")
        ordering = ["pk"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["plan", "part"],
                                               name="one_agreement_per_part")]

    def __str__(self):
        return f"{self.plan} · {self.part}"
