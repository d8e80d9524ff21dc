import pytest
from django.utils import translation

from watchroom.core.choices import Role

from ..support.webhooks import webhook_sink  # noqa: F401


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English source text unless a test chooses a language."""
    with translation.override("en"):
        yield


@pytest.fixture
def robots(settings, webhook_sink):  # noqa: F811
    """One robot of each kind on the loopback sink, and the site's address for links."""
    settings.WATCHROOM = {**settings.WATCHROOM, "BASE_URL": "https://watchroom.example",
                          "WEBHOOKS": [("wecom", webhook_sink.url("wecom")),
                                       ("dingtalk", webhook_sink.url("dingtalk")),
                                       ("json", webhook_sink.url("json"))]}
    return webhook_sink


@pytest.fixture
def person(make_staff):
    user = make_staff(Role.OPERATOR).user
    user.email = "op@example.org"
    user.save()
    return user


EXPORT_FAILED = {"kind": "footage_export_failed", "link": "/footage/1/exports/2/",
                 "context": {"name": "F-1 #2", "error": "The disk is full."}}


@pytest.fixture
def chain(make_staff, room, site):
    """Three levels: the room head (the room's shift lead), the security chief, the
    deputy director; each with an e-mail address."""
    def staffed(role, email, **extra):
        user = make_staff(role, **extra).user
        user.email = email
        user.save()
        return user

    head = staffed(Role.SHIFT_LEAD, "head@example.org", rooms=[room])
    staffed(Role.SHIFT_LEAD, "other-room@example.org")  # a shift lead of no room of ours
    chief = staffed(Role.SECURITY_CHIEF, "chief@example.org")
    deputy = staffed(Role.DEPUTY_DIRECTOR, "deputy@example.org")
    return {"head": head, "chief": chief, "deputy": deputy, "room": room, "site": site}


@pytest.fixture
def en_client():
    """A browser asking for English pages."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
