"""The outbox engine: sends the deliveries that are due, each claimed by one process,
records every attempt, waits longer after each failure, and gives up only after both
the configured attempts and age, raising an alert for each message given up.

Sending happens outside any transaction (a slow mail server holds no lock); the row
is claimed first by moving its next attempt forward, so two workers never send the
same message at once, and a worker killed mid-send leaves it due again later."""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.alerts.choices import Severity
from watchroom.alerts.services import alert_raise
from watchroom.audit.context import Process
from watchroom.notifications.channels import ADAPTERS, DeliveryFailed
from watchroom.notifications.choices import DeliveryState
from watchroom.notifications.models import Delivery

logger = logging.getLogger("watchroom.notifications")

ACTOR = Process("notifications outbox")
# Longer than any adapter's timeout: a claimed row is not sent twice meanwhile.
LEASE = dt.timedelta(minutes=5)
LONGEST_WAIT = dt.timedelta(hours=1)
BATCH = 200


def retry_after(attempts: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: doubling from the first, at most an hour."""
    first = settings.WATCHROOM["NOTIFY_RETRY_SECONDS"]
    return min(dt.timedelta(seconds=first * 2 ** min(attempts - 1, 20)), LONGEST_WAIT)


def gives_up(delivery: Delivery, now: dt.datetime) -> bool:
    return (delivery.attempts >= settings.WATCHROOM["NOTIFY_MAX_ATTEMPTS"]
            and now - delivery.created_at
            >= dt.timedelta(hours=settings.WATCHROOM["NOTIFY_GIVE_UP_HOURS"]))


def claim(pk: int, now: dt.datetime) -> bool:
    return Delivery.objects.filter(
        pk=pk, state=DeliveryState.PENDING, next_attempt_at__lte=now,
    ).update(next_attempt_at=now + LEASE) == 1


def deliver_due(*, now: dt.datetime | None = None, ids=None) -> dict[str, int]:
    """Send what is due (only `ids`, if given); counts of sent, failed and given up."""
    now = now or timezone.now()
    due = Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    counts = {"sent": 0, "failed": 0, "abandoned": 0}
    for pk in list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:BATCH]):
        if claim(pk, now):
            counts[attempt(Delivery.objects.get(pk=pk))] += 1
    return counts


def attempt(delivery: Delivery) -> str:
    """One try at one delivery; its outcome is saved before the next is tried."""
    delivery.attempts += 1
    try:
        ADAPTERS[delivery.channel].send(delivery)
    except DeliveryFailed as exc:
        return _failed(delivery, str(exc))
    except Exception as exc:  # a fault in an adapter must not stop the other messages
        logger.exception("delivery %s: unexpected failure", delivery.pk)
        return _failed(delivery, f"{type(exc).__name__}: {exc}")
    delivery.state = DeliveryState.SENT
    delivery.finished_at = timezone.now()
    delivery.save(update_fields=["attempts", "state", "finished_at"])
    return "sent"


def _failed(delivery: Delivery, error: str) -> str:
    now = timezone.now()
    delivery.last_error = error[:500]
    if not gives_up(delivery, now):
        delivery.next_attempt_at = now + retry_after(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning("%s to %s failed (attempt %s, next at %s): %s", delivery.channel,
                       delivery.target, delivery.attempts, delivery.next_attempt_at, error)
        return "failed"
    delivery.state = DeliveryState.ABANDONED
    delivery.finished_at = now
    delivery.save(update_fields=["attempts", "last_error", "state", "finished_at"])
    logger.error("%s to %s given up after %s attempts: %s", delivery.channel,
                 delivery.target, delivery.attempts, error)
    alert_raise(
        actor=ACTOR, kind="notifications.undelivered", severity=Severity.WARNING,
        key=f"notifications.undelivered:{delivery.pk}", target=delivery,
        message=_("“%(title)s” could not be sent by %(channel)s after %(attempts)s "
                  "attempts: %(error)s") % {
            "title": delivery.title, "channel": delivery.get_channel_display(),
            "attempts": delivery.attempts, "error": delivery.last_error})
    return "abandoned"
