from django_tasks import task

from watchroom.audit.context import Process
from watchroom.audit.services import checkpoint_create


@task()
def audit_checkpoint_task() -> int:
    """Periodic signed checkpoint of the audit chain's head."""
    return checkpoint_create(actor=Process("worker")).seq
