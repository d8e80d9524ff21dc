from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    VIEW = "view", _("View")
    COPY = "copy", _("Copy")


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Handed over")


class AttachmentKind(models.TextChoices):
    EVIDENCE_NOTICE = "evidence_notice", _("Evidence collection notice (调取证据通知书)")
    INTRODUCTION_LETTER = "introduction_letter", _("Letter of introduction (介绍信)")
    WRITTEN_APPLICATION = "written_application", _("Written application")
    ID_COPY = "id_copy", _("Copy of identity document")
    OTHER = "other", _("Other document")


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", _("Approve")
    REJECTED = "rejected", _("Reject")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
