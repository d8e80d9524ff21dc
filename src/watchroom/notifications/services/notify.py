"""Telling people: the inbox row and the outbox's deliveries are written in the
caller's transaction; after commit the worker sends the deliveries (see outbox)."""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from watchroom.notifications import outbox
from watchroom.notifications.channels import INBOX, fingerprint, webhooks
from watchroom.notifications.choices import Channel
from watchroom.notifications.models import Delivery, Notification
from watchroom.notifications.tasks import deliver_outbox_task
from watchroom.service import service

logger = logging.getLogger("watchroom.notifications")


def message_text(kind: str, context: dict) -> tuple[str, str]:
    """The title (first line) and text (the rest) of `templates/notifications/messages/
    <kind>.txt`, in the active language."""
    rendered = render_to_string(f"notifications/messages/{kind}.txt", context).strip()
    title, _newline, text = rendered.partition("\n")
    return title.strip()[:200], text.strip()


@service
def notify(recipients, *, kind: str, context: dict, link: str = "",
           actor=None) -> list[Notification]:
    """Tell `recipients` (users) the message `kind`, rendered from `context`, linking to
    `link` (a path on this site): an inbox row each; an e-mail each (those with an
    address); one message to each configured chat robot. Nothing is sent before the
    caller's transaction commits, and nothing is lost if a channel is down. `actor` is
    who caused it (kept for the caller's audit event; the inbox row is not audited)."""
    now = timezone.now()
    title, text = message_text(kind, context)
    users = list(recipients)
    rows = INBOX.write(users, title=title, text=text, link=link, now=now)
    common = {"kind": kind, "title": title, "text": text, "link": link,
              "created_at": now, "next_attempt_at": now}
    deliveries = [Delivery(notification=row, channel=Channel.EMAIL, target=user.email,
                           **common)
                  for user, row in zip(users, rows, strict=True) if user.email]
    deliveries += [Delivery(channel=channel, target=fingerprint(url), **common)
                   for channel, url in webhooks()]
    if deliveries:
        ids = [d.pk for d in Delivery.objects.bulk_create(deliveries)]
        transaction.on_commit(lambda: send_soon(ids))
    return rows


def send_soon(ids: list[int]) -> None:
    """Right after commit: the worker is asked to send (tests send in this thread).
    If the queue is unreachable the worker's schedule sends them a little later."""
    if settings.WATCHROOM.get("NOTIFY_INLINE"):
        outbox.deliver_due(ids=ids)
        return
    try:
        deliver_outbox_task.enqueue()
    except Exception:
        logger.exception("could not queue the outbox; the schedule will send it")


@service
def inbox_mark_read(*, actor) -> int:
    """Everything in `actor`'s inbox is read (their own reading state, not audited)."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now())
