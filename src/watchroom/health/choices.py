from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceSource(models.TextChoices):
    CHECK = "check", _("a health check's picture")
    UPLOAD = "upload", _("an uploaded picture")


class BlockStatus(models.TextChoices):
    APPLIED = "applied", _("applied for")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    ENDED = "ended", _("ended")
    LAPSED = "lapsed", _("lapsed undecided")


class ChangeKind(models.TextChoices):
    ANGLE = "angle", _("angle")
    POSITION = "position", _("position")
    PICTURE = "picture", _("picture settings")
    SYSTEM = "system", _("system settings")
    SOFTWARE = "software", _("software installed or removed")


class ChangeStatus(models.TextChoices):
    REQUESTED = "requested", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    DONE = "done", _("done, awaiting the new reference picture")
    CLOSED = "closed", _("closed")
