"""R-HAND-3: the shift on duty stays responsible until the next shift accepts its
handover; a refusal keeps it on duty and alerts the room head until a handover is accepted."""

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import at, sign
from watchroom.alerts.models import Alert
from watchroom.duty import services
from watchroom.duty.choices import AttendanceStatus, HandoverStatus
from watchroom.duty.models import Attendance
from watchroom.duty.selectors import shifts
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_hand_3_refusal_keeps_the_outgoing_shift_responsible_and_alerts(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty, items=[{"name": "钥匙", "count": 2, "ok": False},
                                  {"name": "对讲机", "count": 2, "ok": True}])
    clock(7, 56)
    with pytest.raises(RuleViolation, match="Name the items"):
        services.handover_refuse(actor=on_duty.day[0], handover=signed, reasons=" ",
                                 password=PASSWORD)
    refused = services.handover_refuse(actor=on_duty.day[0], handover=signed, password=PASSWORD,
                              reasons="钥匙少一把")
    assert refused.status == HandoverStatus.REFUSED
    alert = Alert.objects.get(kind="duty.handover_refused", closed_at__isnull=True)
    assert "钥匙少一把" in alert.message
    clock(8, 30)
    duty = shifts.responsible(on_duty.room)
    assert set(duty.team) == {u.pk for u in on_duty.night}
    assert duty.awaiting.start == at(8)
    with pytest.raises(RuleViolation) as stays:
        services.attendance_clock_off(actor=on_duty.night[0], room=on_duty.room)
    assert stays.value.rule_id == "R-HAND-3"
    # put right, handed over again and accepted: the alert closes, responsibility passes
    second = sign(on_duty, continuing="钥匙已找回")
    assert second.replaces == refused
    services.handover_accept(actor=on_duty.day[1], handover=second, password=PASSWORD)
    alert.refresh_from_db()
    assert alert.closed_at is not None
    assert set(shifts.responsible(on_duty.room).team) == {u.pk for u in on_duty.day}


def test_r_hand_3_a_refusal_resolved_by_an_accepted_handover_is_no_longer_open(on_duty,
                                                                            clock):
    from watchroom.duty import services
    from watchroom.duty.selectors import board

    clock(7, 50)
    first = sign(on_duty)
    services.handover_refuse(actor=on_duty.day[0], handover=first, reasons="钥匙少一把",
                    password=PASSWORD)
    assert [h.pk for h in board.build(on_duty.room)["refused"]] == [first.pk]
    clock(7, 55)
    again = sign(on_duty, continuing="钥匙已找回")
    services.handover_refuse(actor=on_duty.day[1], handover=again, reasons="对讲机没电",
                    password=PASSWORD)
    clock(7, 58)
    third = sign(on_duty, continuing="对讲机已充电")
    assert {h.pk for h in board.build(on_duty.room)["refused"]} == {first.pk, again.pk}
    services.handover_accept(actor=on_duty.day[0], handover=third, password=PASSWORD)
    shown = board.build(on_duty.room)
    assert shown["refused"] == []
    assert {h.pk for h in shown["resolved"]} == {first.pk, again.pk}


def test_r_hand_3_the_shift_on_duty_cannot_clock_off_before_handing_over(room_shifts, clock):
    clock(0, 0)
    for person in room_shifts.night:
        services.attendance_clock_on(actor=person, room=room_shifts.room)
    clock(8, 10)
    with pytest.raises(RuleViolation) as refused:
        services.attendance_clock_off(actor=room_shifts.night[0], room=room_shifts.room)
    assert refused.value.rule_id == "R-HAND-3"
    assert Attendance.objects.get(person=room_shifts.night[0]).status == AttendanceStatus.ON
