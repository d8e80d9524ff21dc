"""Camera health's background tasks (see watchroom.scheduler)."""

from django_tasks import task

from watchroom.audit.context import Process
from watchroom.health.services import blocks

ACTOR = Process("worker")


@task()
def blocks_end_task():
    """R-EQUIP-5: blocks whose end time has come end by themselves, and their cameras
    are checked again."""
    return [block.pk for block in blocks.blocks_end_due(actor=ACTOR)]
