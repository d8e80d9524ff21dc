"""R-HAND-4: what is logged while both shifts are present belongs to both."""

import pytest

from tests.conftest import PASSWORD
from tests.support.duty import sign
from watchroom.duty import services
from watchroom.duty.models import LogEntry

pytestmark = pytest.mark.django_db


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
