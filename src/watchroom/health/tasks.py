"""Camera health's background tasks (see watchroom.scheduler)."""

from django_tasks import task

from watchroom.audit.context import Process
from watchroom.health.selectors.clock import clocks_to_measure
from watchroom.health.services import blocks
from watchroom.health.services.clock import clocks_measure
from watchroom.health.services.recordings import outside_recorders, recordings_check

ACTOR = Process("worker")


@task()
def clock_measure_task():
    """R-DUTY-5: read every camera's and recorder's clock that has an ONVIF address."""
    readings = clocks_measure(actor=ACTOR, equipment=clocks_to_measure())
    return {"read": sum(r.offset_s is not None for r in readings),
            "off": sum(r.offset_s is not None and not r.ok for r in readings),
            "unread": sum(r.offset_s is None for r in readings)}


@task()
def recordings_check_task():
    """ONVIF Profile G: what each outside recorder with an ONVIF address still records."""
    asked = [recordings_check(actor=ACTOR, recorder=r) for r in outside_recorders()]
    return {"asked": len(asked), "answered": sum(a is not None for a in asked)}


@task()
def blocks_end_task():
    """R-EQUIP-5: blocks whose end time has come end by themselves, and their cameras
    are checked again."""
    return [block.pk for block in blocks.blocks_end_due(actor=ACTOR)]
