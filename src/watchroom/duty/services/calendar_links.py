"""R-SEC-5: calendar feed links that expire, are listed, revoked and rotated."""

import datetime as dt
import secrets

from django.conf import settings
from django.utils import timezone

from watchroom.audit.services import audit_record
from watchroom.duty.models import CalendarLink
from watchroom.duty.selectors.calendar import key_hash, links_of
from watchroom.service import service


@service
def calendar_link_create(*, actor) -> tuple[CalendarLink, str]:
    """A new link for the actor's own feed; the links made before stop working."""
    now = timezone.now()
    for old in links_of(actor).filter(revoked_at__isnull=True, expires_at__gt=now):
        _revoke(actor, old, now, reason="replaced")
    key = secrets.token_urlsafe(32)
    days = settings.WATCHROOM["CALENDAR_LINK_DAYS"]
    link = CalendarLink.objects.create(user=actor, key_sha256=key_hash(key), created_at=now,
                                       expires_at=now + dt.timedelta(days=days))
    audit_record(actor=actor, action="duty.calendar_link_created", target=link,
                 data={"expires_at": link.expires_at.isoformat()})
    return link, key


@service
def calendar_link_revoke(*, actor, link: CalendarLink) -> CalendarLink:
    if link.revoked_at is None:
        _revoke(actor, link, timezone.now(), reason="revoked")
    return link


def _revoke(actor, link, now, *, reason):
    link.revoked_at = now
    link.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="duty.calendar_link_revoked", target=link,
                 data={"reason": reason})


def calendar_link_mark_used(link: CalendarLink) -> None:
    """When the feed was last read (no audit event: calendar apps poll every hour)."""
    CalendarLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
