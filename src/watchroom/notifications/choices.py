from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a message goes besides the inbox (the inbox row is written at once)."""

    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom robot")
    DINGTALK = "dingtalk", _("DingTalk robot")
    JSON = "json", _("JSON webhook")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    ABANDONED = "abandoned", _("Given up")


class EscalationState(models.TextChoices):
    CLIMBING = "climbing", _("Waiting for acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    STOPPED = "stopped", _("Stopped")


class AcknowledgedBy(models.TextChoices):
    """How a recipient acknowledged (R-INC-2)."""

    INBOX = "inbox", _("Inbox")
    EMAIL = "email", _("E-mail link")
    CHAT = "chat", _("Chat message link")
