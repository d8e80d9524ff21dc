from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentCategory(models.TextChoices):
    THEFT = "theft", _("Theft")
    VIOLENCE = "violence", _("Fight or violence")
    MEDICAL = "medical", _("Medical emergency")
    FIRE = "fire", _("Fire or smoke")
    SUSPICIOUS = "suspicious", _("Suspicious person")
    TRESPASS = "trespass", _("Trespass")
    MEDICAL_DISPUTE = "dispute", _("Medical dispute")
    EQUIPMENT = "equipment", _("Equipment or system failure")
    OTHER = "other", _("Other")


class IncidentGrade(models.TextChoices):
    """The grades of the hospital's emergency organisation, lowest first."""

    GENERAL = "general", _("General (一般)")
    LARGER = "larger", _("Larger (较大)")
    MAJOR = "major", _("Major (重大)")
    ESPECIALLY_MAJOR = "especially_major", _("Especially major (特别重大)")


# R-INC-4: these grades are closed only with the security chief's signed review.
REVIEWED_GRADES = frozenset({IncidentGrade.MAJOR, IncidentGrade.ESPECIALLY_MAJOR})


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLING = "handling", _("Being handled")
    CLOSED = "closed", _("Closed")


class IncidentSource(models.TextChoices):
    LOG_ENTRY = "log_entry", _("Duty log entry")
    WALL_REPORT = "wall_report", _("Report from the wall")
    ALERT = "alert", _("Alert")
    DIRECT = "direct", _("Entered directly")


class EventKind(models.TextChoices):
    CREATED = "created", _("Reported")
    HOLD_PLACED = "hold_placed", _("Footage put on hold")
    HOLD_RELEASED = "hold_released", _("Hold released")
    ATTACHMENT = "attachment", _("Attachment added")
    NOTE = "note", _("Note")
    GRADED = "graded", _("Grade changed")
    HANDOVER = "handover", _("Open across a handover")
    ESCALATED = "escalated", _("Escalated (R-INC-2)")
    REVIEWED = "reviewed", _("Review signed")
    CLOSED = "closed", _("Closed")
