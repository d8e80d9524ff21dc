from django_tasks import task

from watchroom.audit.context import Process
from watchroom.core.models import MonitoringRoom
from watchroom.duty.services import attendance_check, staffing_check


@task()
def attendance_task() -> int:
    """Every minute: no-shows, uncovered and under-staffed shifts, and absences in every
    room. A deactivated room has no duties ahead (core.services.place_dependants) and
    raises no alerts."""
    for room in MonitoringRoom.objects.filter(active=True).select_related("site__policy"):
        attendance_check(actor=Process("worker"), room=room)
        staffing_check(actor=Process("worker"), room=room)
    return MonitoringRoom.objects.count()
