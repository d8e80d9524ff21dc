"""R-HAND-1…5: the handover signed by both with their own credentials, refusal keeping
the outgoing shift responsible, shared entries, immutability, locking the log."""

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import at, sign
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty.models import Handover, HandoverStatus, LogEntry
from watchroom.duty.selectors import handover, shifts
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def test_r_hand_2_the_form_is_prefilled_from_the_shift(on_duty, clock):
    clock(7, 50)
    draft = handover.prefill(on_duty.room)
    assert [e["seen"] for e in draft["events"]] == ["三号门有人徘徊", "院办通知：明早九点消防检查"]
    assert "消防检查" in draft["instructions"]
    assert sorted(i["name"] for i in draft["items"]) == ["对讲机", "钥匙"]
    assert draft["shift"].start == shifts.shift_at(on_duty.room, draft["shift"].start).start
    assert set(draft["outgoing_people"]) == {u.pk for u in on_duty.night}
    assert set(draft["incoming_people"]) == {u.pk for u in on_duty.day}


def test_r_hand_5_accepted_passes_responsibility_and_locks_the_log(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    assert signed.status == HandoverStatus.SIGNED_OUT
    assert set(shifts.responsible(on_duty.room).team) == {u.pk for u in on_duty.night}
    clock(7, 55)
    done = services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    assert done.status == HandoverStatus.ACCEPTED and done.incoming_signer == on_duty.day[0]
    assert set(shifts.responsible(on_duty.room).team) == {u.pk for u in on_duty.day}
    assert not LogEntry.objects.filter(locked_at__isnull=True).exists()
    entry = LogEntry.objects.first()
    with pytest.raises(RuleViolation, match="locked"):
        services.log_entry_change(actor=entry.author, entry=entry, seen="改写")
    event = AuditEvent.objects.get(action="duty.handover_accepted")
    assert signed.content_hash in event.data
    # the outgoing shift may now clock off, two minutes before its duty ends: handed
    # over, it is not leaving early
    clock(7, 58)
    record = services.attendance_clock_off(actor=on_duty.night[0], room=on_duty.room)
    assert record.early_minutes == 0


def test_r_hand_5_a_decided_handover_never_changes(on_duty, clock):
    clock(7, 52)
    signed = sign(on_duty)
    done = services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    with pytest.raises(RuleViolation, match="does not change"):
        services.handover_refuse(actor=on_duty.day[1], handover=done, reasons="x",
                                 password=PASSWORD)
    done.continuing = "改写"
    with pytest.raises(ValueError, match="R-HAND-5"):
        done.save()
    with pytest.raises(ValueError, match="R-HAND-5"):
        done.delete()
    assert Handover.objects.get().continuing == "三号门继续关注"


@pytest.mark.parametrize(("who", "password", "rule", "message"), [
    ("night0", PASSWORD, "R-HAND-5", "outgoing operator"),  # one person signs twice
    ("day0", "wrong-password", "R-HAND-5", "password"),
    ("spare", PASSWORD, "R-HAND-5", "not on the incoming shift"),
])
def test_r_hand_5_each_side_signs_with_its_own_credentials(on_duty, clock, who, password,
                                                           rule, message):
    people = {"night0": on_duty.night[0], "day0": on_duty.day[0], "spare": on_duty.spare}
    clock(7, 52)
    signed = sign(on_duty)
    with pytest.raises(RuleViolation) as refused:
        services.handover_accept(actor=people[who], handover=signed, password=password)
    assert refused.value.rule_id == rule and message in str(refused.value)
    signed.refresh_from_db()
    assert signed.status == HandoverStatus.SIGNED_OUT
    assert AuditEvent.objects.filter(action="rule.refused").count() == 1


def test_r_hand_5_the_outgoing_signature_needs_the_right_password(on_duty, clock):
    clock(7, 52)
    with pytest.raises(RuleViolation, match="password"):
        sign(on_duty, password="guess")
    with pytest.raises(RuleViolation, match="not on duty"):
        sign(on_duty, actor=on_duty.spare)
    assert not Handover.objects.exists()


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


def test_r_hand_4_an_entry_logged_during_the_handover_belongs_to_both_shifts(on_duty, clock):
    clock(7, 50)
    during = services.log_entry_write(actor=on_duty.day[0], room=on_duty.room, category="anomaly",
                             seen="交接时急诊门口有人闹事", done="两班共同处置")
    clock(7, 52)
    signed = sign(on_duty)
    services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    during.refresh_from_db()
    assert during.handover == signed
    before = LogEntry.objects.get(seen="三号门有人徘徊")
    assert before.handover is None


def test_r_hand_2_a_second_handover_waits_for_the_first(on_duty, clock):
    clock(7, 52)
    sign(on_duty)
    with pytest.raises(RuleViolation, match="already waiting"):
        sign(on_duty, actor=on_duty.night[1])
    assert Handover.objects.count() == 1


def test_r_hand_2_hygiene_needing_attention_says_what(on_duty, clock):
    clock(7, 52)
    with pytest.raises(RuleViolation, match="attention"):
        sign(on_duty, hygiene="attention")
    assert sign(on_duty, hygiene="attention", hygiene_note="垃圾未清").hygiene_note == "垃圾未清"


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


def test_r_hand_2_items_are_counted_against_the_rooms_inventory(on_duty, clock):
    clock(7, 52)
    with pytest.raises(RuleViolation, match="count of 对讲机"):
        sign(on_duty, items=[{"name": "钥匙", "count": 3, "ok": True}])
    with pytest.raises(RuleViolation, match="Not a handover item"):
        sign(on_duty, items=[{"name": "钥匙", "count": 3, "ok": True},
                             {"name": "对讲机", "count": 2, "ok": True},
                             {"name": "金条", "count": 1, "ok": True}])
    # a form that claims fewer keys are expected cannot make two of three in order
    signed = sign(on_duty, items=[{"name": "钥匙", "expected": 2, "count": 2, "ok": True},
                                  {"name": "对讲机", "count": 2, "ok": True}])
    keys = next(i for i in signed.items if i["name"] == "钥匙")
    assert keys == {"name": "钥匙", "expected": 3, "count": 2, "ok": False, "note": ""}


def test_r_duty_2_clocking_off_after_the_accepted_handover_is_not_leaving_early(on_duty,
                                                                             clock):
    """Handed over inside the arrival window (15 minutes before the end) and clocked off
    at once: no 早退."""
    clock(7, 50)
    signed = sign(on_duty)
    clock(7, 52)
    services.handover_accept(actor=on_duty.day[0], handover=signed, password=PASSWORD)
    for person in on_duty.night:
        record = services.attendance_clock_off(actor=person, room=on_duty.room)
        assert record.early_minutes == 0, person
    from watchroom.duty.selectors import board

    assert not [a for a in board.build(on_duty.room)["lateness"] if a.early_minutes]



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
