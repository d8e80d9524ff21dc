from django.db import models
from django.utils.translation import gettext_lazy as _


class FaultStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_REPAIR = "in_repair", _("In repair")
    REPAIRED = "repaired", _("Repaired, awaiting proof")
    CLOSED = "closed", _("Closed")


class FaultCategory(models.TextChoices):
    IMAGE_LOSS = "image_loss", _("Image loss")
    NO_RECORDING = "no_recording", _("No recording")
    OVERHEATING = "overheating", _("Overheating")
    NOISE = "noise", _("Abnormal noise")
    UNCLEAR = "unclear", _("Unclear picture")
    COVERED = "covered", _("Covered")
    MOVED = "moved", _("Scene changed")
    CLOCK = "clock", _("Clock offset")
    OFFLINE = "offline", _("Offline")
    STORAGE_FULL = "storage_full", _("Storage full")
    OTHER = "other", _("Other")


class FaultSource(models.TextChoices):
    MANUAL = "manual", _("Reported by hand")
    EQUIPMENT_PAGE = "equipment_page", _("Equipment page")
    PRE_SHIFT_CHECK = "pre_shift_check", _("Pre-shift check")
    DUTY_LOG = "duty_log", _("Duty log")
    AUTOMATIC = "automatic", _("Found automatically")


class ProofKind(models.TextChoices):
    HEALTH_CHECK = "health_check", _("Health check passed")
    PLAYBACK = "playback", _("Recording made after the repair, played back")
    WITNESS = "witness", _("Checked by a second person")
