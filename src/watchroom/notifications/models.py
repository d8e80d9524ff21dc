import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from watchroom.notifications.choices import AcknowledgedBy, Channel, DeliveryState, EscalationState

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
    # Sent with the message (Idempotency-Key header, e-mail Message-ID): a receiver
    # that got it before a lost answer made us retry can tell it is the same message.
    key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, editable=False,
                           unique=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"],
                                name="notif_delivery_due")]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.title}"


class Escalation(models.Model):
    """R-INC-2: a chain of people told about a subject (an incident, an alert…), level
    after level, until one of them acknowledges it or the subject is closed."""

    subject = models.CharField(_("subject"), max_length=120, db_index=True,
                               help_text=_("app_label.model:pk"))
    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=200, blank=True)
    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("site"))
    state = models.CharField(_("state"), max_length=12, choices=EscalationState.choices,
                             default=EscalationState.CLIMBING)
    started_at = models.DateTimeField(_("started"))
    # When the level now reached is overdue (the next level, or a reminder, is due).
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    reminders = models.PositiveIntegerField(_("reminders after the last level"), default=0)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("acknowledged by"))
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["state", "due_at"], name="notif_escalation_due")]

    def __str__(self):
        return self.title


class EscalationLevel(models.Model):
    """One level of a chain; its recipients are resolved to people when it starts."""

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="levels",
                                   verbose_name=_("escalation"))
    order = models.PositiveSmallIntegerField(_("level"))
    minutes = models.PositiveSmallIntegerField(_("minutes to acknowledge"))
    named = models.CharField(_("recipients named"), max_length=300, blank=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")
        ordering = ["escalation", "order"]
        constraints = [models.UniqueConstraint(fields=["escalation", "order"],
                                               name="notif_escalation_level_once")]

    def __str__(self):
        return f"{self.escalation} #{self.order}"


class Notice(models.Model):
    """One recipient of one level: what they were sent, and their acknowledgement. Its
    link's key is single use: `link_used_at` is set when the link is used."""

    level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, related_name="notices",
                              verbose_name=_("level"))
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="escalation_notices",
                             verbose_name=_("recipient"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    link_key = models.CharField(_("link key"), max_length=32, unique=True)
    link_used_at = models.DateTimeField(_("link used"), null=True, blank=True)
    notifications = models.ManyToManyField(Notification, blank=True, related_name="+",
                                           verbose_name=_("inbox messages"))
    deliveries = models.ManyToManyField(Delivery, blank=True, related_name="notices",
                                        verbose_name=_("outbox messages"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_how = models.CharField(_("acknowledged by"), max_length=10, blank=True,
                                        choices=AcknowledgedBy.choices)

    class Meta:
        verbose_name = _("escalation notice")
        verbose_name_plural = _("escalation notices")
        ordering = ["level", "pk"]
        constraints = [models.UniqueConstraint(fields=["level", "user"],
                                               name="notif_notice_once_per_level")]

    def __str__(self):
        return f"{self.level}: {self.user}"
