from django_tasks import task

from watchroom.audit.context import Process
from watchroom.care.services import faults_escalate
from watchroom.care.services.maintenance import work_orders_generate, work_orders_overdue_check


@task()
def fault_deadlines_task() -> int:
    """Every minute: open faults past their deadline are escalated, once per step."""
    return len(faults_escalate(actor=Process("worker")))


@task()
def maintenance_task() -> int:
    """Every 15 minutes (R-EQUIP-2): make the work orders due soon, and alert on those
    past their due date."""
    actor = Process("worker")
    made = work_orders_generate(actor=actor)
    work_orders_overdue_check(actor=actor)
    return len(made)
