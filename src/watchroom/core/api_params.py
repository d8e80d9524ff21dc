"""Query-string parameters of the API, validated: bad input is a 400, never a 500."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

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


def _whole_number(params, name: str, *, minimum: int, maximum: int) -> int | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise ValidationError({name: _("Enter a whole number from %(low)s to %(high)s.")
                               % {"low": minimum, "high": maximum}})
    return int(raw)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` and `offset` the database can hold: anything else is a 400 naming the
    parameter, never a 500 from a number too big for a database integer."""

    max_limit = 1000

    def get_limit(self, request):
        limit = _whole_number(request.query_params, self.limit_query_param,
                              minimum=1, maximum=MAX_ID)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):
        offset = _whole_number(request.query_params, self.offset_query_param,
                               minimum=0, maximum=MAX_ID - self.max_limit)
        return offset or 0
