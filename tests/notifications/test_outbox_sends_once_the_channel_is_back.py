"""A channel that is down gets the message when it is back: every delivery is written
with the notification, tried after commit, and retried (with a growing wait) until it
is taken; each attempt and the last error are recorded; nothing is sent twice."""

import datetime as dt

import pytest
from django.core import mail

from watchroom.notifications import outbox
from watchroom.notifications.choices import Channel, DeliveryState
from watchroom.notifications.models import Delivery, Notification
from watchroom.notifications.services import notify

from .conftest import EXPORT_FAILED

pytestmark = pytest.mark.django_db


def test_a_robot_that_is_down_receives_the_message_once_it_is_back(
        person, robots, django_capture_on_commit_callbacks):
    robots.down = True
    with django_capture_on_commit_callbacks(execute=True):
        notify([person], **EXPORT_FAILED)
    assert robots.refused == 3 and robots.received == []
    assert len(mail.outbox) == 1  # e-mail was up: it went at once
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING)
    assert sorted(waiting.values_list("channel", flat=True)) == ["dingtalk", "json", "wecom"]
    first = waiting.first()
    assert first.attempts == 1
    assert "503" in first.last_error
    assert first.next_attempt_at > first.created_at
    due = max(d.next_attempt_at for d in waiting)

    # Not due yet: nothing is tried again.
    assert outbox.deliver_due(now=first.created_at + dt.timedelta(seconds=1))["sent"] == 0
    robots.down = False
    assert outbox.deliver_due(now=due)["sent"] == 3
    assert sorted(path for path, _body in robots.received) == ["dingtalk", "json", "wecom"]
    for delivery in Delivery.objects.exclude(channel=Channel.EMAIL):
        assert delivery.state == DeliveryState.SENT
        assert delivery.attempts == 2
        assert "503" in delivery.last_error  # what went wrong before stays readable
    # Sent once only.
    assert outbox.deliver_due(now=due + dt.timedelta(days=1)) == {
        "sent": 0, "failed": 0, "abandoned": 0}
    assert len(robots.received) == 3
    assert Notification.objects.filter(user=person).count() == 1


def test_each_failure_waits_twice_as_long_up_to_an_hour(settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "NOTIFY_RETRY_SECONDS": 30}
    assert [outbox.retry_after(n).total_seconds() for n in (1, 2, 3, 8, 50)] == [
        30, 60, 120, 3600, 3600]


def test_nothing_is_sent_before_the_notifying_transaction_commits(person, robots):
    notify([person], **EXPORT_FAILED)  # the test's transaction never commits
    assert robots.received == [] and mail.outbox == []
    assert Delivery.objects.filter(state=DeliveryState.PENDING).count() == 4


def test_a_rolled_back_action_leaves_neither_inbox_row_nor_delivery(person, robots):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify([person], **EXPORT_FAILED)
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists() and not Delivery.objects.exists()


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(person, robots):
    notify([person], **EXPORT_FAILED)
    delivery = Delivery.objects.filter(channel=Channel.JSON).get()
    assert outbox.claim(delivery.pk, delivery.next_attempt_at)
    assert not outbox.claim(delivery.pk, delivery.next_attempt_at)


@pytest.mark.django_db(transaction=True)
def test_the_worker_task_sends_after_commit(person, robots, settings):
    """Outside tests the delivery is the worker's job: a task is queued on commit."""
    settings.WATCHROOM = {**settings.WATCHROOM, "NOTIFY_INLINE": False}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    notify([person], **EXPORT_FAILED)
    assert sorted(path for path, _body in robots.received) == ["dingtalk", "json", "wecom"]
    assert [m.to for m in mail.outbox] == [["op@example.org"]]
    assert not Delivery.objects.exclude(state=DeliveryState.SENT).exists()
