"""Query-string parameters of the API, validated: bad input is a 400, never a 500."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

MAX_ID = 2**63 - 1


def filter_by_id(queryset: QuerySet, params, name: str, field: str | None = None) -> QuerySet:
    """Narrow `queryset` to `field` = the record number given as `name`, if given."""
    raw = params.get(name, "").strip()
    if not raw:
        return queryset
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise ValidationError({name: _("Enter a record number.")})
    return queryset.filter(**{field or f"{name}_id": int(raw)})


def datetime_param(params, name: str) -> dt.datetime | None:
    """An ISO 8601 date and time, in UTC; naive values are in the site's time zone."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
        if value is None:
            raise ValueError(raw)
        if value.tzinfo is None:
            value = timezone.make_aware(value)
        return value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ValidationError({name: _("Enter a date and time as ISO 8601.")}) from None
