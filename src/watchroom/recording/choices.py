from django.db import models
from django.utils.translation import gettext_lazy as _


class SegmentState(models.TextChoices):
    SEALED = "sealed", _("Sealed")
    EXPIRED = "expired", _("Expired, being removed")


class IntegrityState(models.TextChoices):
    OK = "ok", _("Intact")
    CHANGED = "changed", _("Changed on disk")
    MISSING = "missing", _("Missing from disk")


class HoldLink(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    REQUEST = "request", _("Footage request")
    INVESTIGATION = "investigation", _("Investigation")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
