"""A delivery is given up only after the configured attempts AND age, and never
silently: each one given up raises an alert naming the message and the last error."""

import datetime as dt

import pytest

from watchroom.alerts.models import Alert
from watchroom.notifications import outbox
from watchroom.notifications.choices import Channel, DeliveryState
from watchroom.notifications.models import Delivery
from watchroom.notifications.services import notify

from .conftest import EXPORT_FAILED

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings, robots):
    settings.WATCHROOM = {**settings.WATCHROOM, "NOTIFY_MAX_ATTEMPTS": 2,
                          "NOTIFY_GIVE_UP_HOURS": 1,
                          "WEBHOOKS": [("wecom", robots.url("wecom"))]}
    robots.down = True
    return robots


def test_a_robot_down_past_the_attempts_and_age_raises_an_alert(
        person, limits, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([person], **EXPORT_FAILED)
    delivery = Delivery.objects.get(channel=Channel.WECOM)
    assert delivery.attempts == 1 and delivery.state == DeliveryState.PENDING

    # Enough attempts, but not yet old enough: tried again later, not given up.
    outbox.deliver_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.state == DeliveryState.PENDING
    assert not Alert.objects.exists()

    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=delivery.created_at - dt.timedelta(hours=2))
    delivery.refresh_from_db()
    assert outbox.deliver_due(now=delivery.next_attempt_at)["abandoned"] == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.ABANDONED and delivery.attempts == 3
    assert delivery.finished_at is not None
    alert = Alert.objects.get(kind="notifications.undelivered")
    assert alert.is_open
    assert "Export F-1 #2 failed" in alert.message
    assert "WeCom robot" in alert.message and "503" in alert.message
    # Given up means no more tries.
    assert outbox.deliver_due(now=delivery.next_attempt_at + dt.timedelta(days=3)) == {
        "sent": 0, "failed": 0, "abandoned": 0}
    assert limits.refused == 3


def test_a_robot_removed_from_the_settings_is_an_error_not_a_silent_drop(
        person, limits, settings, django_capture_on_commit_callbacks):
    limits.down = False
    notify([person], **EXPORT_FAILED)
    settings.WATCHROOM = {**settings.WATCHROOM, "WEBHOOKS": [], "NOTIFY_MAX_ATTEMPTS": 1,
                          "NOTIFY_GIVE_UP_HOURS": 0}
    assert outbox.deliver_due()["abandoned"] == 1
    delivery = Delivery.objects.get(channel=Channel.WECOM)
    assert "no longer" in delivery.last_error
    assert Alert.objects.filter(kind="notifications.undelivered").count() == 1


def test_the_robots_address_is_not_stored(person, limits):
    notify([person], **EXPORT_FAILED)
    delivery = Delivery.objects.get(channel=Channel.WECOM)
    assert "127.0.0.1" not in delivery.target and delivery.target.startswith("sha256:")
