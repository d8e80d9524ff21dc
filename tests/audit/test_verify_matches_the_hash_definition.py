"""The fast `chain.verify` (bulk, server-side on PostgreSQL) accepts exactly the
hashes that the reference definition in chain.py's docstring produces."""

import datetime as dt

import pytest
from django.db import transaction

from tests.audit.conftest import run_sql, triggers_dropped
from watchroom.audit import chain

AWKWARD = ['quote " back \\ slash', "tab\tnew\nline\r\x08\x0c\x01\x1f\x7f", "门诊大厅 🎥",
           "\u2028\u2029", "", "</script>", "{\"k\": [1, 2]}"]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_verifies(db, text):
    stamps = [dt.datetime(2026, 3, 1, 8, 0, 0, tzinfo=dt.UTC),
              dt.datetime(2026, 3, 1, 8, 0, 0, 1, tzinfo=dt.UTC),
              dt.datetime(999, 1, 2, 3, 4, 5, 600000, tzinfo=dt.UTC)]
    with triggers_dropped(), transaction.atomic():  # events dated by hand, not by the database
        prev = chain.GENESIS
        for n, ts in enumerate(stamps, start=1):
            fields = (ts, text, None if n > 1 else 7, text, text, text[:64], text, text)
            new = chain.link_hash(prev, n, chain.body_digest(*fields))
            run_sql(chain._INSERT_EVENT, params_list=[(n, *fields, prev, new)])
            run_sql("UPDATE audit_audithead SET seq = %s, prev_hash = %s, hash = %s"
                    " WHERE id = 1", params_list=[(n, prev, new)])
            prev = new
    result = chain.verify()
    assert result.ok, result.reason


def test_a_changed_character_is_still_caught(db, attacker):
    with transaction.atomic():
        for text in AWKWARD:
            seq = chain.append(actor="a", actor_user_id=None, action="test.awkward",
                               target_type="", target_id="", target_label=text,
                               data="{}").seq
    with triggers_dropped():
        run_sql("UPDATE audit_auditevent SET target_label = %s WHERE seq = %s",
                params_list=[("门诊大厅 🎥 ", seq)])
    assert chain.verify().first_bad_seq == seq
