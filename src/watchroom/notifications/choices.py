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
