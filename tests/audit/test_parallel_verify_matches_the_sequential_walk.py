"""Long chains are verified over seq ranges in parallel; the answer must be the same
as the sequential walk's, for an intact chain and for every kind of tampering."""

import pytest
from django.db import connection, transaction

from tests.audit.conftest import Attacker, in_thread, triggers_dropped
from watchroom.audit import chain
from watchroom.audit.context import Process
from watchroom.audit.services import audit_record

EVENTS = 40


def _fill():
    for n in range(EVENTS):
        with transaction.atomic():
            audit_record(actor=Process("tests"), action="test.parallel", data={"n": n})


def _both():
    return in_thread(lambda: (chain.verify(workers=1), chain.verify(workers=3)))


@pytest.mark.parametrize(
    ("tamper", "intact"),
    [
        pytest.param(None, True, id="intact"),
        pytest.param(lambda a: a.edit(17), False, id="edited-row"),
        pytest.param(lambda a: a.delete(17), False, id="deleted-middle-row"),
        pytest.param(lambda a: a.delete(EVENTS), False, id="deleted-tail-row"),
        pytest.param(lambda a: a.swap(14), False, id="reordered-pair-across-ranges"),
        pytest.param(lambda a: a.rewrite_from(30), True, id="consistent-rewrite"),
    ],
)
def test_parallel_and_sequential_agree(shared_database, tamper, intact):
    in_thread(_fill)
    if tamper:
        def apply():
            with triggers_dropped():
                tamper(Attacker())

        in_thread(apply)
    sequential, parallel = _both()
    assert parallel == sequential
    assert sequential.ok is intact


def test_the_test_database_in_memory_is_walked_in_order(db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        assert chain._workers(connection, None) == 1
