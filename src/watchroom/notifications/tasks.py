from django_tasks import task

from watchroom.notifications import outbox


@task()
def deliver_outbox_task():
    """Send the outbox's due messages (enqueued after each notifying commit, and on
    the worker's schedule for the retries)."""
    return outbox.deliver_due()


@task()
def escalation_tick_task():
    """R-INC-2: overdue escalations climb to their next level or remind everyone."""
    from watchroom.notifications.services.escalations import escalation_tick

    return escalation_tick()
