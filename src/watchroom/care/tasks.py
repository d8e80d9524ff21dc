"""Equipment care's scheduled work (see watchroom.scheduler)."""

from django_tasks import task

from watchroom.audit.context import Process
from watchroom.care.services import faults_escalate, reconciliation
from watchroom.care.services.maintenance import work_orders_generate, work_orders_overdue_check

ACTOR = Process("worker")


@task()
def fault_deadlines_task() -> int:
    """Every minute: open faults past their deadline are escalated, once per step."""
    return len(faults_escalate(actor=ACTOR))


@task()
def maintenance_task() -> int:
    """Every 15 minutes (R-EQUIP-2): make the work orders due soon, and alert on those
    past their due date."""
    made = work_orders_generate(actor=ACTOR)
    work_orders_overdue_check(actor=ACTOR)
    return len(made)


@task()
def reconciliation_check_task():
    """R-EQUIP-7: an unsigned day shows as an alert to the room head."""
    return len(reconciliation.reconciliation_overdue_alerts(actor=ACTOR))
