from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FaultStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_REPAIR = "in_repair", _("In repair")
    REPAIRED = "repaired", _("Repaired, awaiting proof")
    CLOSED = "closed", _("Closed")


class FaultCategory(models.TextChoices):
    IMAGE_LOSS = "image_loss", pgettext_lazy("fault category", "Image loss")
    NO_RECORDING = "no_recording", pgettext_lazy("fault category", "No recording")
    OVERHEATING = "overheating", pgettext_lazy("fault category", "Overheating")
    NOISE = "noise", pgettext_lazy("fault category", "Abnormal noise")
    UNCLEAR = "unclear", pgettext_lazy("fault category", "Unclear picture")
    COVERED = "covered", pgettext_lazy("fault category", "Covered")
    MOVED = "moved", pgettext_lazy("fault category", "Scene changed")
    CLOCK = "clock", pgettext_lazy("fault category", "Clock offset")
    OFFLINE = "offline", pgettext_lazy("fault category", "Offline")
    STORAGE_FULL = "storage_full", pgettext_lazy("fault category", "Storage full")
    OTHER = "other", pgettext_lazy("fault category", "Other")


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


class WorkKind(models.TextChoices):
    """The kinds of maintenance work the regulations name (R-EQUIP-2)."""

    MAINTENANCE = "maintenance", _("Technical maintenance")
    LENS_CLEANING = "lens_cleaning", _("Lens cleaning")
    BRACKET_CHECK = "bracket_check", _("Bracket check")
    RECORDER_DUSTING = "recorder_dusting", _("Recorder dusting")
    STORAGE_CHECK = "storage_check", _("Storage check")
    UPS_CHECK = "ups_check", _("UPS check")
    OTHER = "other", _("Other")


class OrderStatus(models.TextChoices):
    """Overdue is not a status: an open order past its due date shows as overdue."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ItemResult(models.TextChoices):
    OK = "ok", _("OK")
    NOT_OK = "not_ok", _("Not OK")
