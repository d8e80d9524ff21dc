"""R-REC-1: a camera's recordings page offers "Request longer retention" only to those
the service lets ask, and a request offers Approve/Reject only to a leader who may
decide it (not the one who asked)."""

import pytest

from watchroom.core.choices import Role
from watchroom.recording import services
from watchroom.rules import RuleViolation

ASK = "/recording/retention/new/"


@pytest.fixture
def camera(make_camera):
    return make_camera()


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_r_rec_1_an_operator_is_not_offered_a_longer_retention(client, user_of, camera):
    operator = user_of(Role.OPERATOR)
    html = _page(client, operator, f"/recording/cameras/{camera.pk}/")
    assert ASK not in html
    with pytest.raises(RuleViolation) as refused:
        services.extension_request(actor=operator, camera=camera, days=400,
                                             reason="重点部位")
    assert refused.value.status == 403


def test_r_rec_1_who_may_ask_is_offered_it(client, user_of, camera):
    html = _page(client, user_of(Role.SECURITY_CHIEF), f"/recording/cameras/{camera.pk}/")
    assert f"{ASK}?camera={camera.pk}" in html


def test_r_rec_1_the_asker_is_not_offered_to_approve_his_own_request(
        client, user_of, camera):
    chief = user_of(Role.SECURITY_CHIEF)
    extension = services.extension_request(actor=chief, camera=camera, days=400,
                                                     reason="重点部位")
    url = f"/recording/retention/{extension.pk}/"
    assert 'name="decision"' not in _page(client, chief, url)
    assert 'name="decision"' in _page(client, user_of(Role.DEPUTY_DIRECTOR), url)


def test_r_rec_1_extension_pages_name_the_requester(client, make_staff, camera):
    chief = make_staff(Role.SECURITY_CHIEF, full_name="钱科长").user
    extension = services.extension_request(actor=chief, camera=camera, days=400,
                                                     reason="重点部位")
    for url in ("/recording/retention/", f"/recording/retention/{extension.pk}/"):
        html = _page(client, chief, url)
        assert "钱科长" in html
        assert f">{chief.username}<" not in html
