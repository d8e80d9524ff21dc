"""The roster (排班表) of a monitoring room for a month, and who is on duty when."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import MonitoringRoom
from watchroom.core.people import person_name
from watchroom.core.times import local_text
from watchroom.duty.choices import (
    AbsenceKind,
    AbsenceStatus,
    AttendanceStatus,
    CheckKind,
    HandoverStatus,
    Hygiene,
    LogCategory,
    RosterStatus,
)


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
    # Set while the room head amends a published roster; cleared by republishing. Its
    # duties stay in force meanwhile, and those that have started cannot change.
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True,
                                    verbose_name=_("reopened by"))
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason for reopening"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        ordering = ["-month", "room__code"]
        permissions = [("publish_roster", _("Can publish a roster"))]
        constraints = [models.UniqueConstraint(fields=["room", "month"],
                                               name="one_roster_per_room_and_month")]

    def __str__(self):
        return f"{self.room} {self.month:%Y-%m}"

    @property
    def is_reopened(self) -> bool:
        return self.status == RosterStatus.PUBLISHED and self.reopened_at is not None


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
        return (f"{person_name(self.person)} {local_text(self.start)}"
                f"–{local_text(self.end, '%H:%M')}")


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
    changed_at = models.DateTimeField(_("last changed"), null=True, blank=True,
                                      help_text=_("by its author before the handover; the "
                                                  "audit trail keeps each version"))
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("corrects"))
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    handover = models.ForeignKey("Handover", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="shared_entries",
                                 verbose_name=_("during the handover"),
                                 help_text=_("R-HAND-4: handled by both shifts"))

    class Meta:
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["room", "-at"], name="log_room_time")]

    def __str__(self):
        return f"{local_text(self.at)} {self.get_category_display()}"


class Attendance(models.Model):
    """One person's clock-on and clock-off for a duty (R-DUTY-2), with the arrival the
    handover needs (R-HAND-1). An absence is a record with no clock-on."""

    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="attendance",
                             verbose_name=_("monitoring room"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="attendance", verbose_name=_("person"))
    duty = models.ForeignKey(Assignment, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="attendance", verbose_name=_("duty"))
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    due_at = models.DateTimeField(_("due"), null=True, blank=True,
                                  help_text=_("shift start less the arrival rule (R-HAND-1)"))
    on_at = models.DateTimeField(_("clocked on"), null=True, blank=True)
    off_at = models.DateTimeField(_("clocked off"), null=True, blank=True)
    late_minutes = models.PositiveIntegerField(_("late (minutes)"), default=0)
    early_minutes = models.PositiveIntegerField(_("left early (minutes)"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-due_at", "-on_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["duty"], condition=Q(duty__isnull=False),
                                    name="one_attendance_per_duty"),
            models.UniqueConstraint(fields=["person"], condition=Q(status="on"),
                                    name="one_open_attendance_per_person"),
        ]

    def __str__(self):
        return f"{person_name(self.person)} {self.get_status_display()}"


class PostAbsence(models.Model):
    """Leaving the post or a swap (R-DUTY-3): a named substitute on site confirms, the
    room head approves, and the absence is recorded with its start and end."""

    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="absences",
                             verbose_name=_("monitoring room"))
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="absences", verbose_name=_("person"))
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="substitutions", verbose_name=_("substitute"))
    reason = models.CharField(_("reason"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("expected minutes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AbsenceStatus.choices,
                              default=AbsenceStatus.REQUESTED)
    requested_at = models.DateTimeField(_("requested"))
    confirmed_at = models.DateTimeField(_("confirmed by the substitute"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True,
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("from"), null=True, blank=True)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("absence from the post")
        verbose_name_plural = _("absences from the post")
        ordering = ["-requested_at", "-pk"]
        permissions = [("approve_postabsence", _("Can approve leaving the post and swaps"))]

    def __str__(self):
        return (f"{self.get_kind_display()}: {person_name(self.person)} → "
                f"{person_name(self.substitute)}")


class ShiftCheck(models.Model):
    """The pre-shift check (R-DUTY-5) of one shift of a room."""

    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="checks",
                             verbose_name=_("monitoring room"))
    shift_start = models.DateTimeField(_("shift start"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("checked by"))
    checked_at = models.DateTimeField(_("checked"))
    ok = models.BooleanField(_("all passed"))

    class Meta:
        verbose_name = _("pre-shift check")
        verbose_name_plural = _("pre-shift checks")
        ordering = ["-shift_start"]
        constraints = [models.UniqueConstraint(fields=["room", "shift_start"],
                                               name="one_check_per_shift")]

    def __str__(self):
        return f"{self.room} {local_text(self.shift_start)}"


class CheckItem(models.Model):
    shift_check = models.ForeignKey(ShiftCheck, on_delete=models.PROTECT, related_name="items",
                                    verbose_name=_("pre-shift check"))
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    recorder = models.ForeignKey("devices.Recorder", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("recorder"))
    ok = models.BooleanField(_("passed"))
    offset_seconds = models.IntegerField(_("clock offset (s)"), null=True, blank=True)
    # The ONVIF reading the offset comes from (R-DUTY-5); empty when it was typed.
    clock_reading = models.ForeignKey("health.ClockReading", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("clock reading"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject}"


class InventoryItem(models.Model):
    """Things handed over with the room: keys, passes, radios (R-HAND-2)."""

    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="inventory",
                             verbose_name=_("monitoring room"))
    name = models.CharField(_("name"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("handover item")
        verbose_name_plural = _("handover items")
        ordering = ["room", "name"]
        constraints = [models.UniqueConstraint(fields=["room", "name"],
                                               name="inventory_item_name_per_room")]

    def __str__(self):
        return f"{self.name} × {self.quantity}"


class Handover(models.Model):
    """A shift handover (交接班, R-HAND-2…5). Signed by the outgoing operator, then
    accepted or refused by the incoming one; once decided it never changes."""

    room = models.ForeignKey(MonitoringRoom, on_delete=models.PROTECT, related_name="handovers",
                             verbose_name=_("monitoring room"))
    shift_start = models.DateTimeField(_("incoming shift"), db_index=True)
    outgoing_people = models.JSONField(_("outgoing shift"), default=list)
    incoming_people = models.JSONField(_("incoming shift"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=HandoverStatus.choices)
    events = models.JSONField(_("events of the shift"), default=list)
    open_alerts = models.JSONField(_("open alerts"), default=list)
    continuing = models.TextField(_("items to continue"), blank=True)
    instructions = models.TextField(_("leaders' instructions"), blank=True)
    equipment = models.TextField(_("equipment"), blank=True)
    hygiene = models.CharField(_("room hygiene"), max_length=10, choices=Hygiene.choices)
    hygiene_note = models.CharField(_("hygiene note"), max_length=300, blank=True)
    items = models.JSONField(_("items handed over"), default=list)
    outgoing_signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("handed over by"))
    outgoing_signed_at = models.DateTimeField(_("handed over"))
    incoming_signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+", null=True, blank=True,
                                        verbose_name=_("taken over by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refused_items = models.TextField(_("reasons for refusing"), blank=True)
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by", verbose_name=_("after refusal"))
    content_hash = models.CharField(_("content SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-outgoing_signed_at", "-pk"]
        indexes = [models.Index(fields=["room", "-outgoing_signed_at"],
                                name="handover_room_time"),
                   models.Index(fields=["room", "status", "-decided_at"],
                                name="handover_room_status")]

    def __str__(self):
        return f"{self.room} {local_text(self.shift_start)}"

    def save(self, *args, **kwargs):
        """R-HAND-5: an accepted or refused handover is never written again."""
        if self.pk is not None and Handover.objects.filter(pk=self.pk).exclude(
                status=HandoverStatus.SIGNED_OUT).exists():
            raise ValueError("R-HAND-5: a decided handover does not change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("R-HAND-5: handovers are never deleted")


class CalendarLink(models.Model):
    """R-SEC-5: the key of one person's calendar feed. Only its SHA-256 is kept; it
    expires, and its owner may revoke it (making a new one revokes the old)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="calendar_links", verbose_name=_("person"))
    key_sha256 = models.CharField(_("key SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} {local_text(self.created_at)}"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class LogPicture(models.Model):
    """The picture a report from the wall attaches to its log entry (R-INC-1): a JPEG or
    PNG in the data folder, its SHA-256 kept here and in the entry's audit event. It is a
    copy of footage (R-FOOT-5): shown only to those who read the log and may see the
    camera (R-FOOT-6), never offered for download."""

    entry = models.OneToOneField(LogEntry, on_delete=models.PROTECT, related_name="picture",
                                 verbose_name=_("duty log entry"))
    relpath = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("type"), max_length=20)
    size = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))

    class Meta:
        verbose_name = _("duty log picture")
        verbose_name_plural = _("duty log pictures")

    def __str__(self):
        return self.sha256[:12]
