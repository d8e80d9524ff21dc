from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from watchroom.notifications.choices import Channel, DeliveryState

USER = settings.AUTH_USER_MODEL


class Notification(models.Model):
    """One line of a person's in-app inbox (the table footage created first)."""

    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="notifications",
                             verbose_name=_("user"))
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        db_table = "footage_notification"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self):
        return self.text


class Delivery(models.Model):
    """The outbox: one message for one channel, written in the transaction that
    notified, sent after commit by the worker and retried until sent or given up.

    `target` is the e-mail address, or for a chat robot a fingerprint of its address
    (the address itself, which holds the robot's token, stays in the settings)."""

    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="deliveries",
                                     verbose_name=_("notification"))
    kind = models.CharField(_("kind"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    target = models.CharField(_("to"), max_length=254)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices,
                             default=DeliveryState.PENDING)
    created_at = models.DateTimeField(_("created"))
    next_attempt_at = models.DateTimeField(_("next attempt"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"],
                                name="notif_delivery_due")]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.title}"
