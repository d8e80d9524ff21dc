import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from watchroom import scheduler
from watchroom.audit import chain
from watchroom.audit.models import AuditCheckpoint


def test_a_due_job_is_claimed_once_per_slot(db):
    now = timezone.now()
    every_job = [job.name for job in scheduler.jobs()]
    assert scheduler.tick(now) == every_job
    assert scheduler.tick(now + dt.timedelta(seconds=5)) == []
    later = now + scheduler.jobs()[0].every + dt.timedelta(seconds=1)
    assert "audit.checkpoint" in scheduler.tick(later)


def test_worker_signs_the_periodic_audit_checkpoint(transactional_db):
    call_command("worker", batch=True, verbosity=0)
    point = AuditCheckpoint.objects.get()
    assert point.seq >= 0
    assert chain.verify().ok
