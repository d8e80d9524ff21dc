"""Calendar feed links (R-SEC-5): finding a link by its key, a person's links."""

import hashlib

from watchroom.duty.models import CalendarLink


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def links_of(user):
    return CalendarLink.objects.filter(user=user)


def find(key: str) -> CalendarLink | None:
    return CalendarLink.objects.filter(key_sha256=key_hash(key)).first()
