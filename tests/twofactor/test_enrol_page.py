"""The authenticator page: a secret shown until a code confirms it; then it says the
authenticator is set up. The old address under footage leads to it."""

import pytest

from watchroom.core.choices import Role
from watchroom.twofactor import services, totp

pytestmark = pytest.mark.django_db


def test_enrolling_through_the_page(client, user_of):
    chief = user_of(Role.SECURITY_CHIEF)
    client.force_login(chief)
    page = client.get("/authenticator/")
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret in page.content.decode()
    wrong = "000000" if totp.code_at(secret, totp.current_step()) != "000000" else "111111"
    refused = client.post("/authenticator/", {"code": wrong})
    assert refused.status_code == 200 and "R-FOOT-2" in refused.content.decode()
    assert not services.is_enrolled(chief)
    answer = client.post("/authenticator/", {"code": totp.code_at(secret, totp.current_step())})
    assert answer.status_code == 302 and answer["Location"] == "/authenticator/"
    assert services.is_enrolled(chief)
    assert 'data-testid="enrolled"' in client.get("/authenticator/").content.decode()


def test_the_old_address_leads_to_the_authenticator_page(client, user_of):
    client.force_login(user_of(Role.SECURITY_CHIEF))
    answer = client.get("/footage/authenticator/")
    assert answer.status_code == 302 and answer["Location"] == "/authenticator/"


def test_the_menu_links_to_it(client, user_of):
    client.force_login(user_of(Role.SECURITY_CHIEF))
    assert 'href="/authenticator/"' in client.get("/").content.decode()
