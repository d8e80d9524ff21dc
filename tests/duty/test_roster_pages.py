"""R-DUTY-1 in the pages: the room head drafts, sees what is uncovered, publishes; each
person subscribes to their published duties."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.choices import RosterStatus
from watchroom.duty.models import Roster
from watchroom.duty.selectors import roster as rosters

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


def month_url(name, room, month=dt.date(2026, 12, 1)):
    return reverse(name, args=[room.pk, month.year, month.month])


def test_r_duty_1_the_room_head_generates_and_publishes_on_the_page(client, head, make_staff,
                                                                      room):
    operators = [make_staff(Role.OPERATOR, rooms=[room], full_name=f"值班员{n}").user
                 for n in range(4)]
    client.force_login(head)
    assert client.post(month_url("duty:generate", room)).status_code == 302
    page = client.get(month_url("duty:month", room)).content.decode()
    assert "值班员0" in page and 'data-testid="problems"' not in page
    client.post(month_url("duty:publish", room))
    roster = Roster.objects.get(room=room)
    assert roster.status == RosterStatus.PUBLISHED
    assert len({a.person_id for a in roster.assignments.all()}) == len(operators)


def test_r_duty_1_publishing_an_understaffed_roster_is_refused_on_the_page(client, head,
                                                                          make_staff, room):
    for _n in range(4):
        make_staff(Role.OPERATOR, rooms=[room])
    client.force_login(head)
    client.post(month_url("duty:generate", room))
    roster = Roster.objects.get(room=room)
    duty = roster.assignments.order_by("start").first()
    client.post(reverse("duty:duty_remove", args=[duty.pk]), {"confirm": "1"})
    page = client.get(month_url("duty:month", room)).content.decode()
    assert 'data-testid="problems"' in page
    answer = client.post(month_url("duty:publish", room), follow=True)
    assert "R-DUTY-1" in answer.content.decode()
    roster.refresh_from_db()
    assert roster.status == RosterStatus.DRAFT


def test_r_duty_1_each_person_has_a_calendar_feed_of_published_duties(client, head, make_staff,
                                                                      room):
    operators = [make_staff(Role.OPERATOR, rooms=[room]).user for _ in range(4)]
    this_month = timezone.localdate().replace(day=1)
    roster = services.roster_generate(actor=head, room=room, month=this_month)
    client.force_login(operators[0])
    page = client.post(reverse("duty:calendar_new"), follow=True).content.decode()
    url = page.split('data-testid="calendar-url">')[1].split("<")[0]
    client.logout()
    empty = client.get(url.replace("http://testserver", ""))
    assert empty.status_code == 200 and "BEGIN:VEVENT" not in empty.content.decode()
    services.roster_publish(actor=head, roster=roster)
    feed = client.get(url.replace("http://testserver", "")).content.decode()
    mine = roster.assignments.filter(person=operators[0]).count()
    assert feed.startswith("BEGIN:VCALENDAR\r\n")
    assert feed.count("BEGIN:VEVENT") == mine > 0
    assert client.get(reverse("duty:calendar_feed", args=["forged"])).status_code == 404


def test_r_duty_1_removing_a_duty_asks_first(client, head, make_staff, room):
    for n in range(4):
        make_staff(Role.OPERATOR, rooms=[room], full_name=f"值班员{n}")
    client.force_login(head)
    client.post(month_url("duty:generate", room))
    roster = Roster.objects.get(room=room)
    duty = roster.assignments.order_by("start").first()
    link = reverse("duty:duty_remove", args=[duty.pk])
    month = client.get(month_url("duty:month", room)).content.decode()
    assert f'href="{link}"' in month and f'action="{link}"' not in month
    local = timezone.localtime(duty.start)
    assert f"{local:%Y-%m-%d %H:%M}" in month  # the remove link names the duty in local time
    ask = client.get(link).content.decode()
    assert 'data-testid="confirm-remove"' in ask and "值班员" in ask
    assert f"{local:%Y-%m-%d %H:%M}" in ask
    client.post(link)  # a post without the confirmation only asks again
    assert roster.assignments.filter(pk=duty.pk).exists()
    client.post(link, {"confirm": "1"})
    assert not roster.assignments.filter(pk=duty.pk).exists()


def test_r_duty_1_the_room_head_reopens_and_republishes_on_the_page(client, head, make_staff,
                                                                    room, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, tzinfo=rosters.local_zone()),
                         tick=False)
    for _n in range(5):
        make_staff(Role.OPERATOR, rooms=[room])
    client.force_login(head)
    client.post(month_url("duty:generate", room))
    client.post(month_url("duty:publish", room))
    roster = Roster.objects.get(room=room)
    first = roster.assignments.order_by("start").first()
    remove = reverse("duty:duty_remove", args=[first.pk])
    page = client.get(month_url("duty:month", room)).content.decode()
    assert 'data-testid="reopen-form"' in page and remove not in page
    time_machine.move_to(dt.datetime(2026, 12, 1, 9, tzinfo=rosters.local_zone()),
                         tick=False)
    client.force_login(head)  # the session timed out meanwhile
    client.post(month_url("duty:reopen", room), {"reason": "病假调整"})
    roster.refresh_from_db()
    assert roster.is_reopened
    page = client.get(month_url("duty:month", room)).content.decode()
    assert 'data-testid="reopened"' in page and "病假调整" in page
    assert remove not in page, "the duty from 00:00 has started: no remove link"
    assert 'data-key="g"' not in page, "generating would replace duties that started"
    later = roster.assignments.filter(start__gt=timezone.now()).first()
    assert reverse("duty:duty_remove", args=[later.pk]) in page
    refused = client.post(remove, {"confirm": "1"}, follow=True).content.decode()
    assert "R-DUTY-1" in refused and roster.assignments.filter(pk=first.pk).exists()
    client.post(month_url("duty:publish", room))
    roster.refresh_from_db()
    assert not roster.is_reopened and roster.status == RosterStatus.PUBLISHED
