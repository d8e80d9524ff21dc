"""403, 404 and 500 are the site's own pages, in the reader's language, with the menu
for a signed-in reader, what was refused and by which rule, and a way back.
(DEBUG is False in tests, as in production.)"""

import pytest
from django.test import Client
from django.views import defaults

from watchroom.core.choices import Role

MENU = 'class="sidebar"'


def _html(response):
    return response.content.decode()


def test_r_sec_1_forbidden_page_names_the_rule_in_chinese_with_the_menu(client_as):
    response = client_as(Role.OPERATOR).get("/audit/", HTTP_REFERER="http://testserver/duty/")
    assert response.status_code == 403
    html = _html(response)
    assert "403 Forbidden" not in html
    assert MENU in html
    assert "R-SEC-1" in html
    assert "拒绝" in html
    assert "/audit/" in html  # what was refused
    assert "监控员" in html  # the roles that do not allow it
    assert 'href="http://testserver/duty/" data-testid="back"' in html  # the way back
    assert 'href="/"' in html
    assert 'data-testid="refusal"' in html


@pytest.mark.urls("tests.core.error_urls")
def test_a_rule_refusal_page_names_the_rule_with_the_menu_and_a_way_back(client_as):
    response = client_as(Role.OPERATOR).get("/refused/", HTTP_REFERER="http://testserver/duty/")
    assert response.status_code == 403
    html = _html(response)
    assert MENU in html
    assert "R-FOOT-3" in html
    assert "拒绝" in html
    assert 'href="http://testserver/duty/"' in html  # back to where the reader came from


def test_not_found_page_is_chinese_with_the_menu_when_signed_in(client_as):
    response = client_as(Role.OPERATOR).get("/no/such/page/",
                                            HTTP_REFERER="https://elsewhere.example/")
    assert response.status_code == 404
    html = _html(response)
    assert "elsewhere.example" not in html  # the way back stays on this site
    assert "Not Found" not in html
    assert MENU in html
    assert "找不到" in html
    assert "/no/such/page/" in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_not_found_page_for_a_stranger_has_no_menu():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    html = _html(response)
    assert MENU not in html
    assert "找不到" in html


@pytest.mark.urls("tests.core.error_urls")
def test_server_error_page_is_chinese_and_the_sites_own(client_as):
    client = client_as(Role.OPERATOR)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = _html(response)
    assert "Server Error" not in html
    assert "出错" in html
    assert "watchroom.css" in html
    assert 'href="/"' in html


def test_server_error_page_renders_without_the_database(rf):
    """The 500 page asks nothing of the database, so it shows while the database is
    down: this test has no database (pytest-django refuses every query in it)."""
    response = defaults.server_error(rf.get("/boom/"))
    assert response.status_code == 500
    assert "出错" in response.content.decode()


@pytest.mark.django_db
def test_a_stale_form_gets_the_sites_own_page_in_chinese():
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x"})
    assert response.status_code == 403
    html = _html(response)
    assert "CSRF verification" not in html and "Forbidden" not in html
    assert "重新" in html
    assert 'href="/"' in html
