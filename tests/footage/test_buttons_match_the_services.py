"""R-FOOT-2 … R-FOOT-4: the request page offers an action exactly when the service would
accept it. For every state of a request and every person, each button (sign, play,
export, hand over) is on the page iff the service call succeeds."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from tests.support.footage import approve_all
from watchroom.footage import selectors, services
from watchroom.footage.choices import ApprovalDecision
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db

ACTORS = ("operator", "executor", "chief", "deputy")
BUTTONS = {"decide": 'data-testid="decide"', "play": 'data-testid="play-links"',
           "export": 'data-testid="export"', "handover": 'data-testid="handover"'}


class _Undo(Exception):
    pass


def _state(name, police_request, people):
    """A request in the state named (each made the way people make it)."""
    if name == "filed_by_the_chief":
        return police_request(actor=people["chief"])
    if name == "viewing_only_approved":
        return approve_all(police_request(need="view"), people)
    request = police_request()
    if name == "pending_first_step":
        return request
    if name == "pending_second_step":
        services.request_decide(actor=people["chief"], request=request,
                                decision=ApprovalDecision.APPROVED,
                                code=people["chief_app"].code(), comment="同意")
    elif name == "rejected":
        services.request_decide(actor=people["chief"], request=request,
                                decision=ApprovalDecision.REJECTED,
                                code=people["chief_app"].code(), comment="不符合")
    elif name in ("approved", "expired", "completed"):
        approve_all(request, people)
        if name == "expired":
            request.valid_until = timezone.now() - dt.timedelta(minutes=1)
            request.save(update_fields=["valid_until"])
        elif name == "completed":
            services.handover_create(actor=people["executor"], request=request,
                                     recipient_name="张警官", recipient_unit="城东派出所",
                                     recipient_id_number="110101199001011234", items="光盘一张")
    request.refresh_from_db()
    return request


def _accepted(call) -> bool:
    """Whether the service accepts the call; whatever it did is undone."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return True
    except RuleViolation:
        return False


def _calls(actor, request, people, who):
    item = selectors.current_scope(request)[0]
    app = people.get(f"{who}_app")

    def decide():
        last = app.last if app else None
        try:
            services.request_decide(
                actor=actor, request=request, decision=ApprovalDecision.APPROVED,
                code=app.code() if app else "000000", comment="同意", step=request.step,
                scope_version=request.scope_version)
        finally:
            if app:
                app.last = last  # the code is unused again once the decision is undone

    return {
        "decide": decide,
        "play": lambda: services.retrieval_view(actor=actor, request=request,
                                                camera=item.camera, start=item.start,
                                                end=item.end),
        "export": lambda: services.export_create(actor=actor, request=request),
        "handover": lambda: services.handover_create(
            actor=actor, request=request, recipient_name="张警官", recipient_unit="城东派出所",
            recipient_id_number="110101199001011234", items="光盘一张"),
    }


STATES = ("pending_first_step", "pending_second_step", "filed_by_the_chief", "rejected",
          "approved", "viewing_only_approved", "expired", "completed")


@pytest.mark.parametrize("state", STATES)
def test_each_button_is_shown_exactly_when_the_service_accepts(
        client, police_request, people, state):
    request = _state(state, police_request, people)
    shown_somewhere = set()
    for who in ACTORS:
        actor = people[who]
        client.force_login(actor)
        html = client.get(request.get_absolute_url()).content.decode()
        for button, call in _calls(actor, request, people, who).items():
            accepted = _accepted(call)
            request.refresh_from_db()
            assert (BUTTONS[button] in html) == accepted, (state, who, button, accepted)
            if accepted:
                shown_somewhere.add(button)
    expected = {"pending_first_step": {"decide"}, "pending_second_step": {"decide"},
                "filed_by_the_chief": set(), "rejected": set(),
                "approved": {"play", "export", "handover"},
                "viewing_only_approved": {"play", "handover"}, "expired": set(),
                "completed": {"play", "export"}}[state]
    assert shown_somewhere == expected
