"""Incidents (事件, R-INC-1…4): the record, its timeline, its attachments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from watchroom.core.times import local_text
from watchroom.incidents.choices import (
    REVIEWED_GRADES,
    EventKind,
    IncidentCategory,
    IncidentGrade,
    IncidentSource,
    IncidentStatus,
)

USER = settings.AUTH_USER_MODEL


class Incident(models.Model):
    """What happened, where, how grave, who was told; its holds, how it was disposed of
    and, for a major one, the security chief's review (R-INC-4)."""

    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("site"))
    room = models.ForeignKey("core.MonitoringRoom", on_delete=models.PROTECT,
                             related_name="incidents", verbose_name=_("monitoring room"))
    area = models.ForeignKey("core.Area", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("area"))
    cameras = models.ManyToManyField("devices.Camera", related_name="+", blank=True,
                                     verbose_name=_("cameras"))
    occurred_at = models.DateTimeField(_("occurred"), db_index=True)
    reported_at = models.DateTimeField(_("reported"))
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    title = models.CharField(_("title"), max_length=200)
    seen = models.TextField(_("what was seen"))
    category = models.CharField(_("category"), max_length=20,
                                choices=IncidentCategory.choices)
    grade = models.CharField(_("grade"), max_length=20, choices=IncidentGrade.choices,
                             default=IncidentGrade.GENERAL)
    told = models.CharField(_("who was told"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IncidentStatus.choices,
                              default=IncidentStatus.OPEN, db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=IncidentSource.choices,
                              default=IncidentSource.DIRECT)
    log_entry = models.OneToOneField("duty.LogEntry", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="incident",
                                     verbose_name=_("duty log entry"))
    alert = models.OneToOneField("alerts.Alert", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="incident", verbose_name=_("alert"))
    footage_start = models.DateTimeField(_("footage from"))
    footage_end = models.DateTimeField(_("footage until"), null=True, blank=True,
                                       help_text=_("empty: up to when the hold is placed"))
    holds = models.ManyToManyField("recording.Hold", related_name="incidents", blank=True,
                                   verbose_name=_("holds"))
    handovers = models.ManyToManyField("duty.Handover", related_name="incidents", blank=True,
                                       verbose_name=_("handovers it spanned"),
                                       help_text=_("R-HAND-4: handled by both shifts"))
    disposal = models.TextField(_("what was done"), blank=True)
    result = models.TextField(_("result"), blank=True)
    closed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True,
                                  blank=True, verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    review_cause = models.TextField(_("cause"), blank=True)
    review_lessons = models.TextField(_("lessons"), blank=True)
    review_measures = models.TextField(_("measures"), blank=True)
    reviewed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                    null=True, blank=True, verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-pk"]
        permissions = [("close_incident", _("Can close an incident")),
                       ("review_incident", _("Can sign an incident's review"))]
        indexes = [models.Index(fields=["room", "status"], name="incident_room_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(footage_end__isnull=True) | Q(footage_end__gt=models.F(
                    "footage_start")), name="incident_footage_ends_after_start"),
        ]

    def __str__(self):
        return _("Incident #%(id)s %(title)s") % {"id": self.pk, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != IncidentStatus.CLOSED

    @property
    def needs_review(self) -> bool:
        return self.grade in REVIEWED_GRADES

    @property
    def occurred_text(self) -> str:
        return local_text(self.occurred_at)


class IncidentEvent(models.Model):
    """One line of the incident's timeline: every action taken on it."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="events",
                                 verbose_name=_("incident"))
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", null=True,
                              blank=True, verbose_name=_("who"))
    text = models.TextField(_("details"), blank=True)
    handover = models.ForeignKey("duty.Handover", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("handover"))

    class Meta:
        verbose_name = _("incident event")
        verbose_name_plural = _("incident events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{local_text(self.at)} {self.get_kind_display()}"


class IncidentAttachment(models.Model):
    """A picture or document of the incident, kept under its SHA-256; a picture the
    wall's report attached to the duty log is linked (`log_picture`), not copied."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT,
                                 related_name="attachments", verbose_name=_("incident"))
    name = models.CharField(_("name"), max_length=200)
    relpath = models.CharField(_("file"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    log_picture = models.ForeignKey("duty.LogPicture", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("duty log picture"))
    added_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("incident attachment")
        verbose_name_plural = _("incident attachments")
        ordering = ["added_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_picture(self) -> bool:
        return self.content_type.startswith("image/")
