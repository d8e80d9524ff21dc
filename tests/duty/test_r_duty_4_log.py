"""R-DUTY-4: the duty log — quick entries, changes only by the author and only until the
handover, corrections as new entries, search."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import LogEntry
from watchroom.duty.selectors import log
from watchroom.duty.views.log import LOG_PAGE
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_staff, room):
    return make_staff(Role.OPERATOR, rooms=[room]).user


def test_r_duty_4_an_entry_is_written_and_audited(operator, room):
    entry = services.log_entry_write(actor=operator, room=room, seen="门诊大厅有人争吵",
                            category="anomaly", done="通知保安到场", told="值班干部")
    assert entry.at <= timezone.now()
    assert AuditEvent.objects.filter(action="duty.log_written", target_id=str(entry.pk)).exists()


@pytest.mark.parametrize("bad", [{"seen": "  "}, {"category": "party"},
                                 {"at": timezone.now() + dt.timedelta(hours=1)}])
def test_r_duty_4_bad_input_is_refused_and_nothing_is_written(operator, room, bad):
    data = {"seen": "巡查正常", "category": "routine", **bad}
    with pytest.raises(RuleViolation) as refused:
        services.log_entry_write(actor=operator, room=room, **data)
    assert refused.value.rule_id == "R-DUTY-4"
    assert not LogEntry.objects.exists()


def test_r_duty_4_only_the_author_changes_and_only_until_the_handover(operator, make_staff,
                                                                      room, system):
    entry = services.log_entry_write(actor=operator, room=room, seen="巡查正常")
    services.log_entry_change(actor=operator, entry=entry, seen="巡查正常，三号门未锁已通知")
    other = make_staff(Role.OPERATOR, rooms=[room]).user
    with pytest.raises(RuleViolation) as refused:
        services.log_entry_change(actor=other, entry=entry, seen="改写")
    assert refused.value.status == 403
    services.log_entries_lock(actor=system, room=room, until=timezone.now())
    with pytest.raises(RuleViolation) as refused:
        services.log_entry_change(actor=operator, entry=entry, seen="改写")
    assert "correction" in str(refused.value)
    entry.refresh_from_db()
    assert entry.seen == "巡查正常，三号门未锁已通知"
    correction = services.log_entry_correct(actor=operator, entry=entry, seen="三号门已由保安锁好")
    assert correction.corrects == entry and correction.at == entry.at
    assert list(entry.corrections.all()) == [correction]


def test_r_duty_4_the_log_page_takes_a_quick_entry_and_searches(client, operator, room):
    client.force_login(operator)
    url = reverse("duty:log", args=[room.pk])
    answer = client.post(url, {"category": "suspicious", "seen": "停车场入口可疑人员徘徊",
                               "done": "调看录像并通知巡逻", "told": "", "at": ""})
    assert answer.status_code == 302
    services.log_entry_write(actor=operator, room=room, seen="巡查正常")
    page = client.get(url, {"q": "可疑"}).content.decode()
    assert "停车场入口可疑人员徘徊" in page and "巡查正常" not in page
    page = client.get(url, {"category": "routine"}).content.decode()
    assert "巡查正常" in page and "停车场入口" not in page
    assert client.get(reverse("duty:log_index")).url == url


def test_r_duty_4_the_log_pages_back_and_searches_old_years_when_asked(client, operator,
                                                                       room, system):
    now = timezone.now()
    old = services.log_entry_write(actor=operator, room=room, seen="拾到钱包一个，已交保卫科",
                          at=now - dt.timedelta(days=120))
    for n in range(LOG_PAGE + 4):
        services.log_entry_write(actor=operator, room=room, seen=f"巡查 {n}",
                        at=now - dt.timedelta(minutes=n + 1))
    client.force_login(operator)
    url = reverse("duty:log", args=[room.pk])
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert len(first.context["entries"]) == LOG_PAGE
    older = first.context["older"]
    second = client.get(url, {"before": older.pk})
    assert [e.pk for e in second.context["entries"]][-1] == old.pk
    assert len(second.context["entries"]) == 5
    recent = client.get(url, {"q": "钱包"}, HTTP_ACCEPT_LANGUAGE="en")
    assert recent.context["entries"] == [] and "Searched the last 90 days" in \
        recent.content.decode()
    every = client.get(url, {"q": "钱包", "period": "all"})
    assert [e.pk for e in every.context["entries"]] == [old.pk]


def handed_over(room, by, when=None):
    """An accepted handover of the room at `when` (now): what came before is handed over."""
    from watchroom.duty.choices import HandoverStatus
    from watchroom.duty.models import Handover

    when = when or timezone.now()
    return Handover.objects.create(
        room=room, shift_start=when, status=HandoverStatus.ACCEPTED, hygiene="clean",
        outgoing_signer=by, outgoing_signed_at=when, incoming_signer=by, decided_at=when,
        content_hash="0" * 64)


def test_r_duty_4_a_back_dated_entry_after_the_handover_is_born_locked(operator, room,
                                                                       system):
    now = timezone.now()
    handed_over(room, operator, now - dt.timedelta(minutes=10))
    late = services.log_entry_write(actor=operator, room=room, seen="补记：夜间三号门报警已处理",
                           at=now - dt.timedelta(minutes=30))
    fresh = services.log_entry_write(actor=operator, room=room, seen="巡查正常")
    assert late.locked_at is not None and fresh.locked_at is None
    assert not log.may_change(operator, late) and log.may_correct(operator, late)
    with pytest.raises(RuleViolation, match="locked"):
        services.log_entry_change(actor=operator, entry=late, seen="改写")


def test_r_duty_4_an_entry_cannot_be_moved_into_a_handed_over_time(operator, room, system):
    now = timezone.now()
    handed_over(room, operator, now - dt.timedelta(minutes=10))
    entry = services.log_entry_write(actor=operator, room=room, seen="巡查正常")
    with pytest.raises(RuleViolation, match="handed over"):
        services.log_entry_change(actor=operator, entry=entry, at=now - dt.timedelta(minutes=30))
    entry.refresh_from_db()
    assert entry.locked_at is None and entry.at > now - dt.timedelta(minutes=10)


def test_r_duty_4_a_change_is_marked_and_audited_with_before_and_after(operator, room):
    entry = services.log_entry_write(actor=operator, room=room, seen="三号门未锁")
    assert entry.changed_at is None
    services.log_entry_change(actor=operator, entry=entry, seen="三号门未锁，已通知保安")
    entry.refresh_from_db()
    assert entry.changed_at is not None
    event = AuditEvent.objects.get(action="duty.log_changed", target_id=str(entry.pk))
    assert "三号门未锁" in event.data and "已通知保安" in event.data


def test_r_duty_4_the_author_changes_an_open_entry_and_others_correct_it(operator, room,
                                                                         make_staff):
    entry = services.log_entry_write(actor=operator, room=room, seen="巡查正常")
    with pytest.raises(RuleViolation, match="change it instead"):
        services.log_entry_correct(actor=operator, entry=entry, seen="改写")
    colleague = make_staff(Role.OPERATOR, rooms=[room]).user
    assert log.may_correct(colleague, entry) and not log.may_change(colleague, entry)
    correction = services.log_entry_correct(actor=colleague, entry=entry, seen="四号门也未锁")
    assert correction.corrects == entry and LogEntry.objects.get(pk=entry.pk).seen == "巡查正常"


def test_r_duty_4_the_log_page_offers_change_then_correction(client, operator, room, system):
    entry = services.log_entry_write(actor=operator, room=room, seen="三号门未锁")
    client.force_login(operator)
    url = reverse("duty:log", args=[room.pk])
    change = reverse("duty:log_edit", args=[entry.pk])
    correct = reverse("duty:log_correct", args=[entry.pk])
    page = client.get(url).content.decode()
    assert change in page and correct not in page
    client.post(change, {"category": "anomaly", "seen": "三号门未锁，已通知保安", "done": "",
                         "told": "", "camera": "",
                         "at": timezone.localtime(entry.at).strftime("%Y-%m-%dT%H:%M")})
    changed = LogEntry.objects.get(pk=entry.pk)
    assert changed.seen == "三号门未锁，已通知保安" and changed.at == entry.at
    assert changed.category == "anomaly" and changed.changed_at is not None
    assert 'data-testid="log-changed"' in client.get(url).content.decode()

    services.log_entries_lock(actor=system, room=room, until=timezone.now())
    page = client.get(url).content.decode()
    assert change not in page and correct in page
    assert client.get(change).status_code == 302  # no form for a locked entry
    assert client.get(correct).status_code == 200
    client.post(correct, {"category": "anomaly", "seen": "三号门、四号门均未锁",
                          "done": "已通知保安", "told": ""})
    correction = LogEntry.objects.get(corrects=entry)
    assert correction.at == entry.at and correction.locked_at is not None
    assert LogEntry.objects.get(pk=entry.pk).seen == "三号门未锁，已通知保安"
    rows = client.get(url).content.decode()
    # shown together: the correction right above the entry it corrects
    assert rows.index(f'data-entry="{correction.pk}"') < rows.index(f'data-entry="{entry.pk}"')
    assert 'data-testid="log-corrected"' in rows and 'data-testid="log-corrects"' in rows
