"""R-SEC-3 / DESIGN "Audit trail": `watchroom audit verify` recomputes the chain and
names the first event that does not match, whatever was done to the table."""

import io

import pytest
from django.core.management import call_command

from tests.audit.conftest import triggers_dropped
from watchroom.audit import chain


def _verify():
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_an_intact_chain_verifies(record):
    last = record(5)
    code, out, err = _verify()
    assert code == 0, err
    assert f"head #{last.seq}" in out


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda a, s: a.edit(s), id="edited-row"),
        pytest.param(lambda a, s: a.delete(s), id="deleted-middle-row"),
        pytest.param(lambda a, s: a.swap(s), id="reordered-pair"),
    ],
)
def test_tampering_in_the_middle_is_named(record, attacker, tamper):
    last = record(8)
    target = last.seq - 4
    with triggers_dropped():
        tamper(attacker, target)
    code, _, err = _verify()
    assert code == 1
    assert f"FAILED: event #{target}:" in err
    assert chain.verify().first_bad_seq == target


def test_a_deleted_tail_event_is_named(record, attacker):
    last = record(4)
    with triggers_dropped():
        attacker.delete(last.seq)
    code, _, err = _verify()
    assert code == 1
    assert f"FAILED: event #{last.seq}:" in err
    assert "removed" in err


def test_an_edit_of_the_first_event_is_named(record, attacker):
    record(3)
    with triggers_dropped():
        attacker.edit(1)
    code, _, err = _verify()
    assert code == 1
    assert "FAILED: event #1:" in err
