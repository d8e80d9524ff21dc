"""R-SEC-3: logins and failed logins enter the audit trail."""

from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role


def _newest(action):
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


def test_a_failed_login_through_the_form_is_recorded(client, user_of):
    user = user_of(Role.OPERATOR)
    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    event = _newest("auth.login_failed")
    assert event is not None
    assert f'"username":"{user.username}"' in event.data
    assert event.actor == "anonymous"


def test_a_failed_authenticate_call_is_recorded(db, user_of):
    user = user_of(Role.OPERATOR)
    request = RequestFactory().post("/login/")
    assert authenticate(request, username=user.username, password="wrong") is None
    event = _newest("auth.login_failed")
    assert event is not None
    assert f'"username":"{user.username}"' in event.data


def test_a_login_through_the_form_is_recorded(client, user_of):
    user = user_of(Role.OPERATOR)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    event = _newest("auth.login")
    assert event is not None
    assert event.actor == user.username
    assert event.actor_user_id == user.pk
