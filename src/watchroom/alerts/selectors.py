from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from watchroom.alerts.choices import SEVERITY_ORDER, Severity
from watchroom.alerts.models import Alert
from watchroom.core.models import Area
from watchroom.core.selectors import scoped_areas
from watchroom.rules import RuleViolation

ACKNOWLEDGE = "alerts.acknowledge_alert"
# The alerts the wall flashes and sounds (a camera offline or not recording, storage full,
# a recorder refusing or losing recordings, nobody on duty): the critical ones. The one
# definition of "critical" is the alert's severity, set by whoever raises it.
CRITICAL = Severity.CRITICAL


def by_urgency(queryset=None):
    """Critical first, then warnings, then information; newest first within each."""
    queryset = queryset if queryset is not None else Alert.objects.all()
    rank = Case(*[When(severity=s, then=Value(n)) for s, n in SEVERITY_ORDER.items()],
                output_field=IntegerField())
    return queryset.annotate(rank=rank).order_by("rank", "-opened_at")


def open_alerts():
    return by_urgency(Alert.objects.filter(closed_at__isnull=True))


def concerning(user, queryset=None):
    """The alerts that concern `user`: none without the right to see alerts; of those
    about a camera, only cameras the user may see (R-FOOT-6: a privacy-sensitive area's
    cameras only for its knowledge scope); of those about a monitoring room, only the
    rooms the user works in (someone attached to no room, a chief say, sees every room's)."""
    queryset = Alert.objects.all() if queryset is None else queryset
    if not user.has_perm("alerts.view_alert"):
        return queryset.none()
    hidden_areas = Area.objects.filter(privacy_sensitive=True).exclude(
        pk__in=scoped_areas(user))
    hidden_cameras = [str(pk) for pk in hidden_areas.filter(cameras__isnull=False)
                      .values_list("cameras__pk", flat=True)]
    queryset = queryset.exclude(target_type="devices.camera", target_id__in=hidden_cameras)
    staff = getattr(user, "staff", None)
    rooms = [str(pk) for pk in staff.rooms.values_list("pk", flat=True)] if staff else []
    if rooms:
        queryset = queryset.filter(~Q(target_type="core.monitoringroom")
                                   | Q(target_id__in=rooms))
    return queryset


def critical_feed(user):
    """The open critical alerts that concern `user`, most recent first: what the wall
    flashes."""
    return concerning(user, Alert.objects.filter(closed_at__isnull=True, severity=CRITICAL)
                      ).select_related("acknowledged_by__staff").order_by("-opened_at", "-pk")


def alert_acknowledge_refusal(actor, alert: Alert) -> RuleViolation | None:
    """What stops `actor` from acknowledging `alert`, or None (R-INC-2): `alert_acknowledge`
    asks it, and the pages and the wall's feed offer acknowledging only when it is None."""
    if not actor.has_perm(ACKNOWLEDGE):
        return RuleViolation("R-INC-2", _("You may not acknowledge alerts."), status=403)
    if alert.closed_at is not None:
        return RuleViolation("R-INC-2", _("This alert is already closed."))
    if alert.acknowledged_at is not None:
        from watchroom.core.people import person_name

        return RuleViolation("R-INC-2", _("%(user)s already acknowledged this alert.") % {
            "user": person_name(alert.acknowledged_by)})
    if not concerning(actor, Alert.objects.filter(pk=alert.pk)).exists():
        return RuleViolation("R-FOOT-6", _(
            "This alert is about a camera or room outside what you may see."), status=403)
    return None
