"""R-INC-2: the link in an escalation's e-mail and chat messages acknowledges it in one
click, once: it names one recipient, is signed, expires, and a second use is refused
with a clear message. Opening it changes nothing (previews and mail scanners open links)."""

import datetime as dt

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.notifications import ack_links
from watchroom.notifications.choices import AcknowledgedBy, EscalationState
from watchroom.notifications.models import Delivery, Notice
from watchroom.notifications.services import escalation_tick

from .escalation_support import start

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(chain, area):
    start(chain, area)
    return Notice.objects.get(user=chain["head"])


def link(notice, via="email"):
    return ack_links.link_for(notice, via)


def test_r_inc_2_the_e_mail_carries_the_recipients_own_link(notice):
    email = Delivery.objects.get(channel="email", notices=notice)
    assert email.link.startswith("/notifications/ack/")
    token = email.link.removeprefix("/notifications/ack/").rstrip("/")
    assert ack_links.read(token) == (notice.pk, notice.link_key, "email")


def test_r_inc_2_a_link_works_once_and_not_twice(en_client, notice, chain):
    url = link(notice)
    opened = en_client.get(url)
    assert opened.status_code == 200 and 'data-testid="acknowledge"' in opened.text
    notice.refresh_from_db()
    assert notice.link_used_at is None  # opening it acknowledged nothing

    done = en_client.post(url)
    assert done.status_code == 200 and 'data-testid="acknowledged"' in done.text
    notice.refresh_from_db()
    escalation = notice.level.escalation
    assert escalation.state == EscalationState.ACKNOWLEDGED
    assert escalation.acknowledged_by == chain["head"]
    assert notice.acknowledged_how == AcknowledgedBy.EMAIL
    event = AuditEvent.objects.get(action="escalation.acknowledged")
    assert event.actor_user_id == chain["head"].pk

    again = en_client.post(url)
    assert again.status_code == 410
    assert "This acknowledgement link was already used" in again.text
    assert 'data-testid="acknowledge"' not in again.text
    assert AuditEvent.objects.filter(action="escalation.acknowledged").count() == 1


def test_r_inc_2_a_chat_link_is_recorded_as_such(en_client, notice):
    assert en_client.post(link(notice, "chat")).status_code == 200
    notice.refresh_from_db()
    assert notice.acknowledged_how == AcknowledgedBy.CHAT


def test_r_inc_2_a_second_recipients_link_after_the_first_acknowledged_says_who(
        en_client, chain, area, time_machine):
    start_at = timezone.now()
    time_machine.move_to(start_at, tick=False)
    escalation = start(chain, area)
    time_machine.move_to(start_at + dt.timedelta(minutes=10), tick=False)
    escalation_tick()
    chief_notice = Notice.objects.get(user=chain["chief"], level__escalation=escalation)
    en_client.post(link(Notice.objects.get(user=chain["head"])))
    answer = en_client.post(link(chief_notice))
    assert answer.status_code == 409
    assert "already acknowledged it" in answer.text


@pytest.fixture
def notice_for_later(chain, area):
    start(chain, area)
    return Notice.objects.get(user=chain["head"])


def test_r_inc_2_an_expired_link_is_refused(en_client, notice_for_later, time_machine, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "ESCALATION_LINK_HOURS": 24}
    time_machine.move_to(timezone.now(), tick=False)
    url = link(notice_for_later)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=24, seconds=1), tick=False)
    answer = en_client.post(url)
    assert answer.status_code == 410
    assert "This acknowledgement link has expired" in answer.text
    notice_for_later.refresh_from_db()
    assert notice_for_later.acknowledged_at is None


def test_r_inc_2_a_forged_link_is_refused(en_client, notice):
    genuine = ack_links.token_for(notice, "email")
    other_key = signing.TimestampSigner(salt=ack_links.SALT).sign(
        f"{notice.pk}.{'0' * 32}.email")
    wrong_salt = signing.TimestampSigner(salt="another").sign(
        f"{notice.pk}.{notice.link_key}.email")
    for token in (genuine[:-2] + "xx", other_key, wrong_salt, "nonsense"):
        answer = en_client.post(reverse("notifications:ack", args=[token]))
        assert answer.status_code == 400, token
        assert "This acknowledgement link is not valid." in answer.text
    notice.refresh_from_db()
    assert notice.acknowledged_at is None and notice.link_used_at is None


def test_r_inc_2_someone_else_signed_in_cannot_use_a_link(en_client, notice, make_staff):
    en_client.force_login(make_staff(Role.OPERATOR).user)
    answer = en_client.post(link(notice))
    assert answer.status_code == 403
    assert "was sent to" in answer.text
    notice.refresh_from_db()
    assert notice.link_used_at is None


def test_r_inc_2_the_link_page_in_chinese(client, notice):
    page = client.get(link(notice), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "确认：我已接手处置" in page.text
    assert "发给" in page.text
