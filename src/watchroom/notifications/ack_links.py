"""Acknowledgement links (R-INC-2): signed with the site's secret and a salt of their
own, bound to one notice (one recipient of one level), expiring, and single use (the
notice records when its link was used)."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "watchroom.notifications.escalation-ack"
DEFAULT_HOURS = 24


def max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.WATCHROOM.get("ESCALATION_LINK_HOURS", DEFAULT_HOURS))


def token_for(notice, via: str) -> str:
    """`via` is the channel the link was sent by (e-mail or chat), recorded on use."""
    return signing.TimestampSigner(salt=SALT).sign(f"{notice.pk}.{notice.link_key}.{via}")


def link_for(notice, via: str) -> str:
    return reverse("notifications:ack", args=[token_for(notice, via)])


class Forged(Exception):
    """The token was not signed by this site (or was changed)."""


class Expired(Exception):
    """The token is genuine but older than its life."""


def read(token: str) -> tuple[int, str, str]:
    """The notice's id, link key and channel the token names; Forged or Expired
    otherwise."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise Expired from exc
    except signing.BadSignature as exc:
        raise Forged from exc
    pk, key, via = ([*value.split("."), "", ""])[:3]
    if not pk.isdigit() or not key or via not in ("email", "chat"):
        raise Forged
    return int(pk), key, via
