"""Duty's choices: roster and attendance states, log categories, absence kinds, check
kinds, handover states and room hygiene."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class LogCategory(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    ANOMALY = "anomaly", _("Anomaly")
    SUSPICIOUS = "suspicious", _("Suspicious person")
    EQUIPMENT = "equipment", pgettext_lazy("duty log category", "Equipment")
    RETRIEVAL = "retrieval", _("Retrieval")
    INSTRUCTION = "instruction", _("Instruction")
    OTHER = "other", _("Other")


class AttendanceStatus(models.TextChoices):
    ON = "on", _("On duty")
    OFF = "off", _("Clocked off")
    ABSENT = "absent", _("Absent")


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Leaving the post")
    SWAP = "swap", _("Swap")


class AbsenceStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the substitute")
    CONFIRMED = "confirmed", _("Awaiting the room head")
    APPROVED = "approved", _("Away from the post")
    ENDED = "ended", _("Ended")
    REJECTED = "rejected", _("Rejected")


class CheckKind(models.TextChoices):
    EQUIPMENT = "equipment", pgettext_lazy("check kind", "Equipment")
    PLAYBACK = "playback", _("Playback")
    CLOCK = "clock", _("Clock")
    HEALTH = "health", _("Camera health")


class HandoverStatus(models.TextChoices):
    SIGNED_OUT = "signed_out", _("Awaiting the incoming operator")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class Hygiene(models.TextChoices):
    CLEAN = "clean", _("Clean and tidy")
    ATTENTION = "attention", _("Needs attention")
