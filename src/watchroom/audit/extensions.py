"""What apps above audit lend it, registered from their AppConfig.ready(), so that the
bottom of the stack never imports them: more integrity checks for `audit verify`, and
the store to which checkpoints are copied off the machine (R-SEC-3)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IntegrityCheck:
    """`run` returns (how many records it checked, the problems found)."""

    name: str
    run: Callable[[], tuple[int, list[str]]]


integrity_checks: list[IntegrityCheck] = []
_offsite_store: list[Callable[[], object | None]] = []


def add_integrity_check(name: str, run: Callable[[], tuple[int, list[str]]]) -> None:
    if all(check.name != name for check in integrity_checks):
        integrity_checks.append(IntegrityCheck(name, run))


def set_offsite_store(factory: Callable[[], object | None]) -> None:
    _offsite_store[:] = [factory]


def offsite_store():
    """The store checkpoints are copied to (with `sizes`, `put` and `label`), or None."""
    return _offsite_store[0]() if _offsite_store else None
