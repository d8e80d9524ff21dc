"""Who is acting and from where, for events written outside a service's arguments."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class Process:
    """A non-human actor: the worker, the recorder, a command."""

    name: str

    def __str__(self) -> str:
        return f"process:{self.name}"


request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "audit_request_context", default=None
)
