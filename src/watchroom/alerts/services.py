"""Raising, acknowledging and closing alerts, each with its audit event."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from watchroom.alerts import extensions
from watchroom.alerts.choices import Severity
from watchroom.alerts.models import Alert
from watchroom.alerts.selectors import alert_acknowledge_refusal
from watchroom.audit.services import _target_fields, audit_record
from watchroom.service import service


@service
def alert_raise(*, actor, kind: str, severity: str, key: str, message: str,
                target=None) -> tuple[Alert, bool]:
    """The open alert for `key`, created if there is none (safe under races)."""
    existing = Alert.objects.filter(key=key, closed_at__isnull=True).first()
    if existing is not None:
        extensions.alert_raised(existing, False)
        return existing, False
    target_type, target_id, target_label = _target_fields(target)
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                kind=kind, severity=Severity(severity), key=key, message=str(message),
                target_type=target_type, target_id=target_id, target_label=target_label,
                opened_at=timezone.now(),
            )
    except IntegrityError:
        existing = Alert.objects.get(key=key, closed_at__isnull=True)
        extensions.alert_raised(existing, False)
        return existing, False
    audit_record(actor=actor, action="alert.raised", target=alert, data={
        "kind": kind, "severity": severity, "key": key, "message": alert.message})
    extensions.alert_raised(alert, True)
    return alert, True


@service
def alert_acknowledge(*, actor, alert: Alert) -> Alert:
    """R-INC-2: someone on duty has seen the alert and takes it on."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    refusal = alert_acknowledge_refusal(actor, alert)
    if refusal is not None:
        raise refusal
    alert.acknowledged_by = actor
    alert.acknowledged_at = timezone.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    audit_record(actor=actor, action="alert.acknowledged", target=alert)
    return alert


@service
def alert_close(*, actor, key: str, note: str = "") -> Alert | None:
    alert = Alert.objects.select_for_update().filter(key=key, closed_at__isnull=True).first()
    if alert is None:
        return None
    alert.closed_at = timezone.now()
    alert.close_note = str(note)[:300]
    alert.save(update_fields=["closed_at", "close_note"])
    audit_record(actor=actor, action="alert.closed", target=alert, data={"note": alert.close_note})
    extensions.alert_closed(alert)
    return alert
