"""Every time a person reads is in the site's zone (Asia/Shanghai here), never UTC: a
shift that starts at 00:00 in Beijing starts at 16:00 UTC the day before, so a page that
prints UTC shows the wrong day and hour."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import LogEntry, Roster

from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_roster_remove_buttons_name_the_duty_in_local_time(client, make_staff, room):
    head = make_staff(Role.SHIFT_LEAD).user
    for _n in range(4):
        make_staff(Role.OPERATOR, rooms=[room])
    services.roster_generate(actor=head, room=room, month=dt.date(2026, 12, 1))
    roster = Roster.objects.get(room=room)
    client.force_login(head)
    page = client.get(reverse("duty:month", args=[room.pk, 2026, 12])).content.decode()
    labels = dict(re.findall(r'href="/duty/duties/(\d+)/remove/"[^>]*?aria-label="([^"]*)"', page))
    midnight = [d for d in roster.assignments.all() if timezone.localtime(d.start).hour == 0]
    assert midnight
    for duty in midnight:
        local = timezone.localtime(duty.start)
        assert f"{local:%Y-%m-%d} 00:00–08:00" in labels[str(duty.pk)]
        assert f"{duty.start.astimezone(dt.UTC):%Y-%m-%d %H:%M}" not in labels[str(duty.pk)]


def test_audit_targets_are_named_in_local_time(client, make_staff, room_shifts, clock):
    clock(0, 10)
    entry = services.log_entry_write(actor=room_shifts.night[0], room=room_shifts.room,
                            seen="巡查门诊大厅", at=at(0, 7))
    entry = services.log_entry_change(actor=room_shifts.night[0],
                                      entry=LogEntry.objects.get(pk=entry.pk),
                                      seen="巡查门诊大厅，一切正常")
    assert str(LogEntry.objects.get(pk=entry.pk)).startswith("2026-03-10 00:07")
    auditor = make_staff(Role.AUDITOR).user
    client.force_login(auditor)
    page = client.get(reverse("audit:event_list"), {"action": "duty.log_changed"})
    text = page.content.decode()
    assert "2026-03-10 00:07" in text
    assert "2026-03-09 16:07" not in text
