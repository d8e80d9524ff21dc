"""Maintenance plans and their work orders (R-EQUIP-2).

A plan applies to one kind of equipment at a site (every camera of the site, say) or to
one item. Each due date of a plan gives one work order; an order for a kind of equipment
is one visit with a line per item (the weekly technical maintenance of a site's cameras
is done and signed as one round, while each item keeps its own results). An order keeps
a copy of the plan's checklist as it was when the order was made, so changing a plan
never rewrites what was signed.

The equipment is named by its model's label ("devices.camera") and its id, so that kinds
of equipment other apps add (switches, UPS) need no change here.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.care.choices import OrderStatus, WorkKind
from watchroom.core.models import Site

CHECKLIST_MAX = 30


def equipment_model(label: str):
    """The model of an equipment label ("devices.camera"), or None."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def checklist_problem(checklist) -> str:
    """Why a checklist is not a list of items {"text", "unit"} (empty: it is)."""
    if not isinstance(checklist, list) or not checklist:
        return str(_("Give at least one checklist item."))
    if len(checklist) > CHECKLIST_MAX:
        return str(_("A checklist has at most %(n)s items.") % {"n": CHECKLIST_MAX})
    for item in checklist:
        if (not isinstance(item, dict) or not str(item.get("text", "")).strip()
                or not isinstance(item.get("unit", ""), str)):
            return str(_("Each checklist item needs its text (and optionally a unit)."))
    return ""


class MaintenancePlan(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="maintenance_plans",
                             verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=100)
    work = models.CharField(_("kind of work"), max_length=30, choices=WorkKind.choices)
    equipment_model = models.CharField(
        _("equipment kind"), max_length=60,
        help_text=_("The kind of equipment the plan applies to, e.g. devices.camera"))
    equipment_id = models.PositiveIntegerField(
        _("one item"), null=True, blank=True,
        help_text=_("Empty: every item of this kind at the site."))
    interval_days = models.PositiveSmallIntegerField(
        _("every (days)"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("first due on"))
    checklist = models.JSONField(_("checklist"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        ordering = ["site", "work", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("care:plan_edit", args=[self.pk])

    def clean(self):
        super().clean()
        problems = {}
        model = equipment_model(self.equipment_model)
        if model is None or not _site_paths(model) or not hasattr(model, "status"):
            problems["equipment_model"] = _("Not a kind of equipment.")
        elif self.equipment_id is not None and not model.objects.filter(
                pk=self.equipment_id).exists():
            problems["equipment_id"] = _("No such equipment.")
        elif self.equipment_id is not None and not model.objects.filter(
                pk=self.equipment_id, **{site_lookup(model): self.site_id}).exists():
            problems["equipment_id"] = _("This item is not at the plan's site.")
        if reason := checklist_problem(self.checklist):
            problems["checklist"] = reason
        if problems:
            raise ValidationError(problems)


def _site_paths(model) -> dict:
    """{"site": lookup} from the model to its site: a site, an area's or a room's."""
    names = {f.name for f in model._meta.get_fields()}
    for field, lookup in (("site", "site"), ("area", "area__site"), ("room", "room__site")):
        if field in names:
            return {"site": lookup}
    return {}


def site_lookup(model) -> str:
    return _site_paths(model)["site"]


class WorkOrder(models.Model):
    plan = models.ForeignKey(MaintenancePlan, on_delete=models.PROTECT, related_name="orders",
                             verbose_name=_("plan"))
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="work_orders",
                             verbose_name=_("site"))
    name = models.CharField(_("name"), max_length=100)
    work = models.CharField(_("kind of work"), max_length=30, choices=WorkKind.choices)
    checklist = models.JSONField(_("checklist"), default=list)
    due_date = models.DateField(_("due"))
    generated_at = models.DateTimeField(_("made at"))
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("assigned to"))
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices,
                              default=OrderStatus.OPEN)
    done_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", null=True, blank=True,
                                verbose_name=_("signed by"))
    findings = models.TextField(_("findings"), blank=True, max_length=4000)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["due_date", "pk"]
        permissions = [("complete_workorder", _("Can do and sign maintenance work orders"))]
        constraints = [
            # One order per plan and due date (the plan names its equipment): making the
            # orders ahead twice makes nothing twice.
            models.UniqueConstraint(fields=["plan", "due_date"], name="workorder_one_per_due"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="workorder_open_due")]

    def __str__(self):
        return f"{self.name} {self.due_date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("care:order_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == OrderStatus.DONE

    def overdue_on(self, today) -> bool:
        return self.status == OrderStatus.OPEN and self.due_date < today


class WorkOrderLine(models.Model):
    """One item of equipment in an order, with its answer to each checklist item:
    results[i] = {"result": "ok" | "not_ok", "value": "…"}."""

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="lines")
    equipment_model = models.CharField(_("equipment kind"), max_length=60)
    equipment_id = models.PositiveIntegerField()
    equipment_code = models.CharField(_("code"), max_length=40)
    equipment_name = models.CharField(_("name"), max_length=100)
    results = models.JSONField(default=list)

    class Meta:
        ordering = ["order", "equipment_model", "equipment_code"]
        constraints = [models.UniqueConstraint(
            fields=["order", "equipment_model", "equipment_id"], name="workorderline_once")]

    def __str__(self):
        return f"{self.equipment_code} {self.equipment_name}"


class WorkOrderPhoto(models.Model):
    """A photo taken during the work: a decoded JPEG/PNG kept under its SHA-256."""

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="photos")
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=200)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["order", "sha256"],
                                               name="workorderphoto_once")]

    def __str__(self):
        return self.sha256
