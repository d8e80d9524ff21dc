"""The roster (排班表) of a monitoring room for a month, and who is on duty when."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from watchroom.core.models import MonitoringRoom


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Roster(models.Model):
    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="rosters",
                             verbose_name=_("monitoring room"))
    month = models.DateField(_("month"), help_text=_("the first day of the month"))
    status = models.CharField(_("status"), max_length=10, choices=RosterStatus.choices,
                              default=RosterStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True,
                                     verbose_name=_("published by"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        ordering = ["-month", "room__code"]
        permissions = [("publish_roster", _("Can publish a roster"))]
        constraints = [models.UniqueConstraint(fields=["room", "month"],
                                               name="one_roster_per_room_and_month")]

    def __str__(self):
        return f"{self.room} {self.month:%Y-%m}"


class Assignment(models.Model):
    """One person on duty from start to end."""

    roster = models.ForeignKey(Roster, on_delete=models.PROTECT, related_name="assignments",
                               verbose_name=_("roster"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="assignments", verbose_name=_("person"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["start", "person_id"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")),
                                              name="duty_ends_after_start")]

    def __str__(self):
        return f"{self.person} {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class LogCategory(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    ANOMALY = "anomaly", _("Anomaly")
    SUSPICIOUS = "suspicious", _("Suspicious person")
    EQUIPMENT = "equipment", pgettext_lazy("duty log category", "Equipment")
    RETRIEVAL = "retrieval", _("Retrieval")
    INSTRUCTION = "instruction", _("Instruction")
    OTHER = "other", _("Other")


class LogEntry(models.Model):
    """One line of the duty log (值班记录, R-DUTY-4). Never deleted; changed only until
    the shift is handed over, and after that corrected by a new entry."""

    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="log",
                             verbose_name=_("monitoring room"))
    at = models.DateTimeField(_("time"), db_index=True)
    camera = models.ForeignKey("devices.Camera", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("camera"))
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("area"))
    category = models.CharField(_("category"), max_length=20, choices=LogCategory.choices,
                                default=LogCategory.ROUTINE)
    seen = models.TextField(_("what was seen"))
    done = models.TextField(_("what was done"), blank=True)
    told = models.CharField(_("who was told"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("entered by"))
    created_at = models.DateTimeField(_("entered"))
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("corrects"))
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["room", "-at"], name="log_room_time")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_category_display()}"
