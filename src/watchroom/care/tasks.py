"""Equipment care's scheduled work (see watchroom.scheduler)."""

from django_tasks import task

from watchroom.audit.context import Process
from watchroom.care.services import reconciliation

ACTOR = Process("worker")


@task()
def reconciliation_check_task():
    """R-EQUIP-7: an unsigned day shows as an alert to the room head."""
    return len(reconciliation.reconciliation_overdue_alerts(actor=ACTOR))
