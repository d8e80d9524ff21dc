"""R-SEC-3 / DESIGN "Audit trail": someone who rewrites history and recomputes every
later hash gets a chain that verifies, but a checkpoint signed before still fails."""

import io

import pytest
from django.core.management import call_command

from tests.audit.conftest import triggers_dropped
from watchroom.audit import chain, checkpoints
from watchroom.audit.services import checkpoint_create


def test_a_rewritten_chain_verifies_but_an_earlier_checkpoint_does_not(
    record, attacker, system, tmp_path
):
    record(6)
    point = checkpoint_create(actor=system)
    exported = tmp_path / "checkpoint.json"
    exported.write_text(checkpoints.export(point), encoding="utf-8")
    assert checkpoints.verify_document(exported.read_text()).ok
    record(3)

    with triggers_dropped():
        attacker.rewrite_from(point.seq - 3)

    assert chain.verify().ok, "a consistent rewrite passes the chain check on its own"
    outcome = checkpoints.verify_document(exported.read_text())
    assert not outcome.ok
    assert "history was rewritten" in outcome.reason

    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", "--checkpoint", str(exported),
                     stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert f"checkpoint {exported}:" in err.getvalue()
