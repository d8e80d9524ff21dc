"""R-HAND-2: the handover form is prefilled from the shift, one handover waits at a time,
hygiene and the room's items are stated and counted."""

import pytest

from tests.support.duty import sign
from watchroom.duty.models import Handover
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
