"""R-HAND-5: each side signs with its own credentials; an accepted handover passes
responsibility, locks the log and never changes again."""

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import sign
from watchroom.audit.models import AuditEvent
from watchroom.duty import services
from watchroom.duty.choices import HandoverStatus
from watchroom.duty.models import Handover, LogEntry
from watchroom.duty.selectors import shifts
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


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
