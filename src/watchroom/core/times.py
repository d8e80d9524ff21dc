"""Times: as people read them, in the site's zone (settings.TIME_ZONE), never UTC; and
as files and machines exchange them, UTC ISO 8601 with a `Z`."""

import datetime as dt

from django.utils import timezone

WITH_SECONDS = "%Y-%m-%d %H:%M:%S"  # for `local_text` where seconds matter (records, logs)


def local(value: dt.datetime | None) -> dt.datetime | None:
    """`value` in the site's zone (a naive value is taken as already local)."""
    if value is None or not timezone.is_aware(value):
        return value
    return timezone.localtime(value)


def local_text(value: dt.datetime | None, form: str = "%Y-%m-%d %H:%M") -> str:
    """`value` in the site's zone, formatted; an empty string for no time."""
    if value is None:
        return ""
    return local(value).strftime(form)


def utc_iso(value: dt.datetime) -> str:
    """2026-03-09T15:36:30Z (microseconds kept when there are any)."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def parse_iso(value: str) -> dt.datetime:
    """The inverse of `utc_iso`, accepting `Z` or an offset."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
