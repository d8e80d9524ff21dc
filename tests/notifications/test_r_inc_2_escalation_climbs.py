"""R-INC-2: an escalation tells its levels one after another, each after the previous
one let its minutes pass unacknowledged; the earlier levels stay on it (reminded);
after the last level everyone is reminded every last level's minutes and an alert is
raised; an acknowledgement or the subject's closing stops it."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.notifications.choices import AcknowledgedBy, EscalationState
from watchroom.notifications.models import Notice
from watchroom.notifications.services import (
    Level,
    escalation_acknowledge,
    escalation_start,
    escalation_stop,
    escalation_tick,
)
from watchroom.rules import RuleViolation

from ..conftest import SYSTEM
from .escalation_support import start

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    def at(minutes: float):
        time_machine.move_to(T0 + dt.timedelta(minutes=minutes), tick=False)
        return timezone.now()
    at(0)
    return at


@pytest.fixture
def tick(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return escalation_tick()
    return run


def inbox_of(user):
    return [m.subject for m in mail.outbox if m.to == [user.email]]


def test_r_inc_2_an_unacknowledged_escalation_climbs_on_time_and_earlier_levels_stay_on_it(
        chain, area, clock, tick, django_capture_on_commit_callbacks):
    head, chief, deputy = chain["head"], chain["chief"], chain["deputy"]
    with django_capture_on_commit_callbacks(execute=True):
        escalation = start(chain, area)
    # The room head (the shift lead of this room only) is told at once; 10 minutes is
    # the site profile's escalation_minutes.
    assert [m.to for m in mail.outbox] == [["head@example.org"]]
    assert escalation.levels.get(order=1).minutes == chain["site"].policy.escalation_minutes == 10
    assert escalation.subject == f"core.area:{area.pk}"

    clock(9.9)
    assert tick() == 0 and inbox_of(chief) == []
    clock(10)
    assert tick() == 1
    assert inbox_of(chief) == ["To acknowledge: Fight in the outpatient hall"]
    assert inbox_of(head)[-1] == "Still not acknowledged: Fight in the outpatient hall"
    assert inbox_of(deputy) == []

    clock(14.9)
    assert tick() == 0
    clock(15)
    assert tick() == 1
    assert inbox_of(deputy) == ["To acknowledge: Fight in the outpatient hall"]
    assert len(inbox_of(head)) == 3 and len(inbox_of(chief)) == 2
    assert not Alert.objects.filter(kind="notifications.escalation_unacknowledged").exists()

    # Past the last level: everyone again, every 5 minutes, and one critical alert.
    clock(20)
    assert tick() == 1
    clock(25)
    assert tick() == 1
    assert [len(inbox_of(u)) for u in (head, chief, deputy)] == [5, 4, 3]
    alert = Alert.objects.get(kind="notifications.escalation_unacknowledged")
    assert alert.severity == "critical" and alert.closed_at is None
    escalation.refresh_from_db()
    assert escalation.reminders == 2

    # The chief acknowledges from the inbox: the climb stops, the alert closes.
    clock(26)
    notice = Notice.objects.get(user=chief)
    escalation_acknowledge(actor=chief, notice=notice)
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ACKNOWLEDGED
    assert escalation.acknowledged_by == chief
    assert Notice.objects.get(user=chief).acknowledged_how == AcknowledgedBy.INBOX
    alert.refresh_from_db()
    assert alert.closed_at is not None
    sent = len(mail.outbox)
    clock(120)
    assert tick() == 0 and len(mail.outbox) == sent

    actions = list(AuditEvent.objects.filter(target_type="notifications.escalation")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["escalation.started", "escalation.climbed", "escalation.climbed",
                       "escalation.reminded", "escalation.reminded",
                       "escalation.acknowledged"]


def test_r_inc_2_an_acknowledgement_before_the_deadline_stops_the_climb(
        chain, area, clock, tick):
    escalation = start(chain, area)
    clock(3)
    escalation_acknowledge(actor=chain["head"], notice=Notice.objects.get(user=chain["head"]))
    clock(60)
    assert tick() == 0
    assert not Notice.objects.filter(level__order__gt=1, sent_at__isnull=False).exists()
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.ACKNOWLEDGED


def test_r_inc_2_only_a_recipient_already_told_acknowledges(chain, area, make_staff):
    start(chain, area)
    stranger = make_staff(Role.OPERATOR).user
    head_notice = Notice.objects.get(user=chain["head"])
    with pytest.raises(RuleViolation, match="Only the people an escalation has told"):
        escalation_acknowledge(actor=stranger, notice=head_notice)
    with pytest.raises(RuleViolation, match="has not reached you yet"):
        escalation_acknowledge(actor=chain["deputy"],
                               notice=Notice.objects.get(user=chain["deputy"]))
    escalation_acknowledge(actor=chain["head"], notice=head_notice)
    with pytest.raises(RuleViolation, match="already acknowledged it"):
        escalation_acknowledge(actor=chain["head"], notice=head_notice)


def test_r_inc_2_closing_the_subject_stops_its_escalation(chain, area, clock, tick):
    escalation = start(chain, area)
    assert escalation_stop(actor=SYSTEM, subject=area, note="closed") == 1
    clock(30)
    assert tick() == 0
    escalation.refresh_from_db()
    assert escalation.state == EscalationState.STOPPED
    # A new one may start for the same subject once the old one is over.
    assert start(chain, area).pk != escalation.pk


def test_r_inc_2_one_escalation_at_a_time_per_subject_and_levels_naming_nobody_left_out(
        chain, area):
    escalation_start(actor=SYSTEM, subject="incidents.incident:41", title="A",
                     levels=[Level(roles=(Role.TECHNICIAN,)), Level(people=(chain["chief"],))])
    with pytest.raises(RuleViolation, match="already under way"):
        escalation_start(actor=SYSTEM, subject="incidents.incident:41", title="A",
                         levels=[Level(people=(chain["chief"],))])
    with pytest.raises(RuleViolation, match="Nobody is named"):
        escalation_start(actor=SYSTEM, subject="incidents.incident:42", title="B",
                         levels=[Level(roles=(Role.TECHNICIAN,))])
    event = AuditEvent.objects.filter(action="escalation.started").get()
    assert json.loads(event.data)["left_out"] == ["technician"]


def test_r_inc_2_the_inbox_offers_the_acknowledge_button_to_the_recipients_only(
        chain, area, en_client, make_staff):
    start(chain, area)
    notice = Notice.objects.get(user=chain["head"])
    en_client.force_login(chain["chief"])  # not reached yet: nothing to acknowledge
    assert f"acknowledge-{notice.pk}" not in en_client.get(reverse("notifications:inbox")).text
    en_client.force_login(chain["head"])
    page = en_client.get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f'data-testid="acknowledge-{notice.pk}"' in page.text
    assert "待确认" in page.text
    answer = en_client.post(reverse("notifications:acknowledge"), {"notice": notice.pk},
                         follow=True)
    assert "Acknowledged: Fight in the outpatient hall" in answer.text
    assert f"acknowledge-{notice.pk}" not in answer.text
    notice.refresh_from_db()
    assert notice.acknowledged_how == AcknowledgedBy.INBOX


def test_r_inc_2_the_worker_climbs_on_its_schedule(chain, area, clock, settings):
    """The worker's schedule runs the climb every 30 seconds."""
    from watchroom import scheduler

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    start(chain, area)
    clock(10)
    assert "notifications.escalation" in scheduler.tick()
    assert Notice.objects.get(user=chain["chief"]).sent_at == timezone.now()
    job = next(j for j in scheduler.jobs() if j.name == "notifications.escalation")
    assert job.every == dt.timedelta(seconds=30)
