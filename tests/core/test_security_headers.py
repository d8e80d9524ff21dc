"""R-SEC-3 / R-SEC-5: every page carries a strict Content-Security-Policy, and no
template needs inline script to work; cookies are Secure whenever the site is served
over HTTPS."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from watchroom.core.choices import Role

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "watchroom" / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/login/", "/", "/duty/calendar/", "/devices/cameras/"])
def test_r_sec_3_every_page_has_a_strict_content_security_policy(client, user_of, url):
    client.force_login(user_of(Role.ADMINISTRATOR))
    response = client.get(url)
    assert response.status_code in (200, 302)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    nonce = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    assert len(nonce) == 1


def test_r_sec_3_the_nonce_changes_on_every_response_and_marks_the_pages_scripts(client):
    first, second = client.get("/login/"), client.get("/login/")
    one = next(s for s in _policy(first)["script-src"] if s.startswith("'nonce-"))
    two = next(s for s in _policy(second)["script-src"] if s.startswith("'nonce-"))
    assert one != two


def test_r_sec_3_no_template_runs_inline_script_without_the_nonce():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{path.name}: inline event handler or javascript: link")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" in tag or 'type="application/json"' in tag:
                continue
            if "csp_nonce" not in tag:
                offenders.append(f"{path.name}: {tag}")
    assert offenders == []


def _login(client, user, **extra):
    from tests.conftest import PASSWORD

    client.get("/login/", **extra)
    return client.post("/login/", {"username": user.username, "password": PASSWORD}, **extra)


def test_r_sec_3_cookies_are_secure_by_default_when_served_over_https(client, user_of):
    response = _login(client, user_of(Role.OPERATOR), secure=True)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert client.cookies["csrftoken"]["secure"] is True


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_r_sec_3_cookies_are_secure_behind_a_proxy_that_says_https(client, user_of):
    response = _login(client, user_of(Role.OPERATOR), HTTP_X_FORWARDED_PROTO="https")
    assert response.cookies["sessionid"]["secure"] is True


def test_cookies_over_plain_http_are_not_secure_so_a_test_install_still_works(client,
                                                                              user_of):
    response = _login(client, user_of(Role.OPERATOR))
    assert response.status_code == 302
    assert not response.cookies["sessionid"]["secure"]


def test_the_proxy_header_is_trusted_only_when_the_operator_says_so(monkeypatch):
    from watchroom.env import proxy_ssl_header

    monkeypatch.delenv("WATCHROOM_BEHIND_HTTPS_PROXY", raising=False)
    assert proxy_ssl_header() is None
    monkeypatch.setenv("WATCHROOM_BEHIND_HTTPS_PROXY", "1")
    assert proxy_ssl_header() == ("HTTP_X_FORWARDED_PROTO", "https")
