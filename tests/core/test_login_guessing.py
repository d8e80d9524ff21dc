"""R-SEC-2: guessing is stopped without letting an outsider lock the shift out.
Failures lock one user name at one address; repeated failures for a user name from
anywhere slow its sign-ins down instead of locking them."""

import datetime as dt

from axes.models import AccessAttempt
from django.utils import timezone

from tests.conftest import PASSWORD
from watchroom.core.choices import Role

OUTSIDE, ROOM = "203.0.113.9", "10.20.0.5"


def _login(client, username, password, address):
    client.logout()
    return client.post("/login/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


def _time_passes(seconds):
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - dt.timedelta(seconds=seconds))


def test_r_sec_2_wrong_passwords_from_outside_do_not_lock_the_room_out(client, user_of,
                                                                        settings):
    user = user_of(Role.SECURITY_CHIEF)
    for _ in range(settings.AXES_FAILURE_LIMIT * 3):
        _time_passes(120)  # past the slowdown, so that every guess is tried
        _login(client, user.username, "guess", OUTSIDE)
    assert AccessAttempt.objects.get(ip_address=OUTSIDE).failures_since_start >= (
        settings.AXES_FAILURE_LIMIT)
    _time_passes(120)
    answer = _login(client, user.username, PASSWORD, ROOM)
    assert answer.status_code == 302, answer.content.decode()[:500]


def test_r_sec_2_the_guessing_address_is_locked_for_that_user_name(client, user_of, settings):
    user = user_of(Role.OPERATOR)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _time_passes(120)
        _login(client, user.username, "guess", OUTSIDE)
    _time_passes(120)
    answer = _login(client, user.username, PASSWORD, OUTSIDE)
    assert answer.status_code == 429


def test_r_sec_2_repeated_failures_slow_the_user_name_down_from_any_address(client, user_of):
    user = user_of(Role.OPERATOR)
    for address in [f"203.0.113.{n}" for n in range(1, 9)]:
        _login(client, user.username, "guess", address)
    too_soon = _login(client, user.username, PASSWORD, ROOM)
    assert too_soon.status_code == 200
    assert "R-SEC-2" in too_soon.content.decode()
    assert not AccessAttempt.objects.filter(ip_address=ROOM).exists()  # not even tried
    _time_passes(120)
    assert _login(client, user.username, PASSWORD, ROOM).status_code == 302
