from django.db import models
from django.utils.translation import gettext_lazy as _


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
