# ruff: noqa: F811  (the `client` fixture speaks English here)
"""R-EQUIP-7: the room head's end-of-day reconciliation: counts from the archive,
differences noted, signed with their own password, once per room and day; a day left
unsigned raises one alert."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.care.english import _english, client  # noqa: F401  (English, this module only)
from tests.conftest import PASSWORD
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.care.models import Reconciliation
from watchroom.care.selectors.reconciliation import (
    reconciliation_lines,
    reconciliation_missing,
)
from watchroom.care.services.reconciliation import (
    reconciliation_overdue_alerts,
    reconciliation_sign,
)
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db
ZONE = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 27)


@pytest.fixture
def equipment(area, site, room, system):
    for n in range(3):
        devices.camera_create(actor=system, code=f"RC-{n}", name=f"摄像机{n}", area=area,
                              status="faulty" if n == 2 else "in_service")
    devices.power_supply_create(actor=system, code="RU-1", name="UPS", site=site)
    devices.display_create(actor=system, code="RD-1", name="大屏", room=room)


@pytest.fixture
def head(make_staff, room):
    staff = make_staff(Role.SHIFT_LEAD)
    staff.rooms.add(room)
    return staff.user


def test_r_equip_7_lines_count_the_archive_by_kind_and_status(room, equipment):
    lines = {line.key: line for line in reconciliation_lines(room)}
    assert lines["camera:in_service"].archive_count == 2
    assert lines["camera:faulty"].archive_count == 1
    assert lines["powersupply:in_service"].archive_count == 1
    assert lines["display:in_service"].archive_count == 1
    assert lines["camera:in_service"].seen_count is None  # none recorded: cannot tell


def test_r_equip_7_room_head_signs_once_with_notes(room, equipment, head):
    record = reconciliation_sign(actor=head, room=room, day=DAY, password=PASSWORD,
                                 findings={"camera:faulty": "RC-2 画面黑屏，已报修",
                                           "camera:in_service": ""}, note="其余正常")
    assert record.anomalies == 1
    faulty = record.lines.get(kind="camera", status="faulty")
    assert faulty.anomaly and "RC-2" in faulty.note
    assert not record.lines.get(kind="camera", status="in_service").anomaly
    assert AuditEvent.objects.filter(action="care.reconciliation_signed").count() == 1
    assert not reconciliation_missing(room, DAY)
    with pytest.raises(RuleViolation) as caught:
        reconciliation_sign(actor=head, room=room, day=DAY, password=PASSWORD, findings={})
    assert caught.value.rule_id == "R-EQUIP-7"
    assert Reconciliation.objects.count() == 1


def test_r_equip_7_wrong_password_refused_and_nothing_changes(room, equipment, head):
    with pytest.raises(RuleViolation) as caught:
        reconciliation_sign(actor=head, room=room, day=DAY, password="wrong", findings={})
    assert caught.value.rule_id == "R-EQUIP-7"
    assert not Reconciliation.objects.exists()
    assert reconciliation_missing(room, DAY)
    assert AuditEvent.objects.filter(action="rule.refused").exists()


def test_r_equip_7_operator_may_not_sign_and_future_day_refused(room, equipment, head,
                                                                user_of):
    with pytest.raises(RuleViolation):
        reconciliation_sign(actor=user_of(Role.OPERATOR), room=room, day=DAY,
                            password=PASSWORD, findings={})
    with pytest.raises(RuleViolation):
        reconciliation_sign(actor=head, room=room, day=timezone.localdate() + dt.timedelta(days=2),
                            password=PASSWORD, findings={})
    assert not Reconciliation.objects.exists()


def test_r_equip_7_missing_day_raises_the_alert_once_then_signing_closes_it(room, head):
    before = dt.datetime(2026, 11, 27, 22, 30, tzinfo=ZONE)
    # Before 23:00 the day before is checked.
    alerts = reconciliation_overdue_alerts(actor=head, now=before)
    assert [a.key.rsplit(":", 1)[1] for a in alerts] == ["2026-11-26"]
    late = dt.datetime(2026, 11, 27, 23, 5, tzinfo=ZONE)
    (alert,) = reconciliation_overdue_alerts(actor=head, now=late)
    assert alert.kind == "care.reconciliation_missing"
    assert alert.key.endswith(":2026-11-27")
    assert reconciliation_overdue_alerts(actor=head, now=late + dt.timedelta(hours=1)) == []
    assert Alert.objects.filter(key=alert.key).count() == 1
    assert head.notifications.count() == 2  # one for each day left unsigned
    reconciliation_sign(actor=head, room=room, day=DAY, password=PASSWORD, findings={},
                        now=late + dt.timedelta(minutes=10))
    alert.refresh_from_db()
    assert alert.closed_at is not None
    assert reconciliation_overdue_alerts(actor=head, now=late + dt.timedelta(hours=2)) == []


def test_r_equip_7_board_and_signing_page(client, room, equipment, head):
    client.force_login(head)
    board = client.get(reverse("care:reconciliation_board"))
    assert board.status_code == 200
    assert room.name in board.content.decode()
    url = reverse("care:reconciliation_sign", args=[room.pk, DAY.isoformat()])
    page = client.get(url)
    assert page.status_code == 200
    refused = client.post(url, {"password": "nope", "finding_camera:faulty": "黑屏"})
    assert refused.status_code == 400
    assert not Reconciliation.objects.exists()
    done = client.post(url, {"password": PASSWORD, "finding_camera:faulty": "黑屏",
                             "note": ""})
    record = Reconciliation.objects.get()
    assert done.status_code == 302 and done.url == record.get_absolute_url()
    assert "黑屏" in client.get(record.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 302


def test_r_equip_7_home_page_names_the_day_not_signed(client, room, head):
    client.force_login(head)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="reconciliation-missing"' in page
    assert reverse("care:reconciliation_sign", args=[room.pk, yesterday.isoformat()]) in page


def test_r_equip_7_a_head_of_another_room_may_not_sign(room, site, head, make_staff, system):
    from watchroom.core import services as core

    other = core.room_create(actor=system, site=site, code="R-OTHER", name="东院监控室",
                             capacity=4)
    with pytest.raises(RuleViolation) as caught:
        reconciliation_sign(actor=head, room=other, day=DAY, password=PASSWORD, findings={})
    assert caught.value.status == 403
    chief = make_staff(Role.SECURITY_CHIEF).user  # no rooms of their own: any room
    reconciliation_sign(actor=chief, room=other, day=DAY, password=PASSWORD, findings={})


def test_r_equip_7_room_heads_board_marks_the_days_missing(client, room, equipment, head):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    reconciliation_sign(actor=head, room=room, day=yesterday - dt.timedelta(days=1),
                        password=PASSWORD, findings={})
    client.force_login(head)
    page = client.get(reverse("duty:board", args=[room.pk])).content.decode()
    assert 'data-testid="board-reconciliation"' in page
    assert reverse("care:reconciliation_sign", args=[room.pk, yesterday.isoformat()]) in page
    signed = (yesterday - dt.timedelta(days=1)).isoformat()
    assert reverse("care:reconciliation_sign", args=[room.pk, signed]) not in page
