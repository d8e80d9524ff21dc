"""Times as people read them: in the site's zone (settings.TIME_ZONE), never UTC."""

import datetime as dt

from django.utils import timezone


def local_text(value: dt.datetime | None, form: str = "%Y-%m-%d %H:%M") -> str:
    """`value` in the site's zone, formatted; an empty string for no time."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(form)
