"""R-SEC-2: a few wrong authenticator codes close the code step of that account for some
minutes, audited, whatever the address; while it is closed the right code is refused
too."""

import time

import pytest

from watchroom.audit.models import AuditEvent
from watchroom.footage import services
from watchroom.rules import RuleViolation
from watchroom.twofactor import totp
from watchroom.twofactor.services import code_step_closed_until


def _decide(people, request, code):
    try:
        services.request_decide(actor=people["chief"], request=request, decision="approved",
                                code=code, comment="同意")
    except RuleViolation as exc:
        return exc.rule_id
    return "approved"


def _wrong(people) -> str:
    """A code no neighbouring step of the chief's authenticator shows."""
    secret, step = people["chief_app"].secret, totp.current_step()
    near = {totp.code_at(secret, s) for s in range(step - 2, step + 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in near)


def test_r_sec_2_forty_rapid_wrong_codes_close_the_code_step(police_request, people,
                                                             settings):
    limit = settings.WATCHROOM["CODE_FAILURE_LIMIT"]
    request = police_request()
    answers = [_decide(people, request, _wrong(people)) for _ in range(40)]
    assert answers[:limit] == ["R-FOOT-2"] * limit
    assert answers[limit:] == ["R-SEC-2"] * (40 - limit)
    assert _decide(people, request, people["chief_app"].code()) == "R-SEC-2"
    closing = AuditEvent.objects.filter(action="rule.refused",
                                        data__contains="code_step_closed_until")
    assert closing.count() == 1
    assert AuditEvent.objects.filter(action="rule.refused",
                                     data__contains='"rule":"R-SEC-2"').count() == 36
    request.refresh_from_db()
    assert not request.approvals.exists()


def test_r_sec_2_other_accounts_keep_their_code_step(police_request, people, settings):
    request = police_request()
    for _ in range(settings.WATCHROOM["CODE_FAILURE_LIMIT"]):
        _decide(people, request, _wrong(people))
    assert code_step_closed_until(people["chief"]) is not None
    assert code_step_closed_until(people["deputy"]) is None


@pytest.mark.django_db(transaction=True)
def test_r_sec_2_the_code_step_opens_again_after_the_minutes(police_request, people,
                                                             settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "CODE_CLOSED_MINUTES": 0.05}
    request = police_request()
    for _ in range(settings.WATCHROOM["CODE_FAILURE_LIMIT"]):
        _decide(people, request, _wrong(people))
    assert code_step_closed_until(people["chief"]) is not None
    deadline = time.monotonic() + 60
    while code_step_closed_until(people["chief"]) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _decide(people, request, people["chief_app"].code()) == "approved"
