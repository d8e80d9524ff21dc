from django.db.models import Case, IntegerField, Value, When

from watchroom.alerts.choices import SEVERITY_ORDER
from watchroom.alerts.models import Alert


def by_urgency(queryset=None):
    """Critical first, then warnings, then information; newest first within each."""
    queryset = queryset if queryset is not None else Alert.objects.all()
    rank = Case(*[When(severity=s, then=Value(n)) for s, n in SEVERITY_ORDER.items()],
                output_field=IntegerField())
    return queryset.annotate(rank=rank).order_by("rank", "-opened_at")


def open_alerts():
    return by_urgency(Alert.objects.filter(closed_at__isnull=True))
