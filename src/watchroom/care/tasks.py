from django_tasks import task

from watchroom.audit.context import Process
from watchroom.care.services import faults_escalate


@task()
def fault_deadlines_task() -> int:
    """Every minute: open faults past their deadline are escalated, once per step."""
    return len(faults_escalate(actor=Process("worker")))
