"""`@service`: one transaction per service, and every refusal audited.

A service function takes keyword-only arguments, including `actor`. Its writes and
its audit event commit together or not at all. When it raises RuleViolation, its
transaction is rolled back and the outermost service records the refusal in a
transaction of its own, so that refused attempts are never lost.
"""

import contextvars
import functools

from django.db import transaction

from watchroom.audit.services import audit_refusal
from watchroom.rules import RuleViolation

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("service_depth", default=0)


def service(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        token = _depth.set(_depth.get() + 1)
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except RuleViolation as exc:
            if _depth.get() == 1 and not exc.recorded:
                audit_refusal(actor=kwargs.get("actor"), violation=exc, service=func.__qualname__)
            raise
        finally:
            _depth.reset(token)

    return wrapper
