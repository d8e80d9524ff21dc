"""R-INC-2: every message of an escalation goes through the outbox: an e-mail through a
real SMTP server carries the recipient's own link, which acknowledges; a chat robot
that is down gets its messages once it is back, each once, under the same
idempotency key as the failed try."""

import datetime as dt

import pytest
from django.test import Client

from watchroom.notifications import outbox
from watchroom.notifications.choices import Channel, DeliveryState, EscalationState
from watchroom.notifications.models import Delivery, Notice

from ..support.smtp import smtp_server  # noqa: F401
from .escalation_support import start

pytestmark = pytest.mark.django_db


def test_r_inc_2_the_e_mail_arrives_by_smtp_with_a_link_that_acknowledges(
        chain, area, smtp_server, robots, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        start(chain, area)
    [message] = smtp_server.messages
    assert message["To"] == "head@example.org"
    assert message["Subject"] == "To acknowledge: Fight in the outpatient hall"
    email = Delivery.objects.get(channel=Channel.EMAIL)
    assert message["Message-ID"] == f"<{email.key}@watchroom>"
    body = message.get_content()
    [url] = [line for line in body.splitlines() if "/notifications/ack/" in line]
    assert url.startswith("https://watchroom.example/notifications/ack/")

    path = url.removeprefix("https://watchroom.example")
    assert Client().post(path).status_code == 200
    notice = Notice.objects.get(user=chain["head"])
    assert notice.level.escalation.state == EscalationState.ACKNOWLEDGED
    assert Client().post(path).status_code == 410

    # Each robot got one message naming the room head, with the chat link.
    assert sorted(p for p, _b in robots.received) == ["dingtalk", "json", "wecom"]
    assert robots.bodies["json"]["link"].startswith(
        "https://watchroom.example/notifications/ack/")
    assert "For " in robots.bodies["json"]["text"]


def test_r_inc_2_a_robot_that_is_down_gets_the_message_later_once(
        chain, area, robots, django_capture_on_commit_callbacks):
    robots.down = True
    with django_capture_on_commit_callbacks(execute=True):
        start(chain, area)
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING)
    assert waiting.count() == 3 and robots.received == []
    keys = {str(d.key) for d in waiting}
    due = max(d.next_attempt_at for d in waiting)

    robots.down = False
    assert outbox.deliver_due(now=due)["sent"] == 3
    assert outbox.deliver_due(now=due + dt.timedelta(days=1))["sent"] == 0
    assert sorted(robots.keys) == sorted(keys)  # the same keys: nothing new, nothing twice
    assert len(set(robots.keys)) == 3
    assert not Delivery.objects.exclude(state=DeliveryState.SENT).exists()
    assert all(d.attempts == 2 for d in Delivery.objects.exclude(channel=Channel.EMAIL))


def test_every_delivery_has_its_own_idempotency_key(chain, area, robots):
    start(chain, area)
    keys = list(Delivery.objects.values_list("key", flat=True))
    assert len(keys) == 4 and len(set(keys)) == 4
