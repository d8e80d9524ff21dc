"""R-HAND-1: the handover opens with the incoming shift's arrival window, and the incoming
operator takes over only when clocked on in the room."""

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import at, sign
from watchroom.duty import services
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.selectors import handover
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_hand_1_the_handover_opens_with_the_arrival_window(on_duty, clock):
    clock(7, 30)
    with pytest.raises(RuleViolation) as refused:
        sign(on_duty)
    assert refused.value.rule_id == "R-HAND-1"
    clock(7, 45)
    assert sign(on_duty).status == HandoverStatus.SIGNED_OUT


def test_r_hand_1_the_incoming_operator_must_be_present(on_duty, clock, make_staff):
    clock(7, 52)
    signed = sign(on_duty)
    attendance_record = on_duty.day[1].attendance.get()
    attendance_record.status = "off"
    attendance_record.save()
    with pytest.raises(RuleViolation) as refused:
        services.handover_accept(actor=on_duty.day[1], handover=signed, password=PASSWORD)
    assert refused.value.rule_id == "R-HAND-1"


def test_r_hand_1_between_handovers_the_form_names_the_next_shift_and_when_it_opens(
        on_duty, clock):
    clock(7, 52)
    services.handover_accept(actor=on_duty.day[0], handover=sign(on_duty), password=PASSWORD)
    clock(10, 0)
    draft = handover.prefill(on_duty.room)
    assert draft["shift"].start == at(16) and draft["opens_at"] == at(15, 45)
    with pytest.raises(RuleViolation) as refused:
        sign(on_duty, actor=on_duty.day[0])
    assert refused.value.rule_id == "R-HAND-1" and "16:00" in str(refused.value)


def test_r_hand_1_arriving_fifteen_minutes_early_is_on_time(room_shifts, clock):
    clock(7, 44)
    record = services.attendance_clock_on(actor=room_shifts.day[0], room=room_shifts.room)
    assert record.late_minutes == 0
    assert record.due_at == at(7, 45)
    assert record.duty.start == at(8)
