from django_tasks import task

from watchroom.notifications import outbox


@task()
def deliver_outbox_task():
    """Send the outbox's due messages (enqueued after each notifying commit, and on
    the worker's schedule for the retries)."""
    return outbox.deliver_due()
