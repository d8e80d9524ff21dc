"""Input built to crash the server: numbers too big for the database and JSON nested
beyond any sense. Every list endpoint and every write endpoint answers a clear 400."""

import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.test import APIClient

from watchroom.api_urls import router
from watchroom.core.choices import Role
from watchroom.core.services.api_tokens import api_token_issue

TOO_BIG = str(2**63)
DEEP = "[" * 100_000 + "]" * 100_000


def _list_urls() -> list[str]:
    return sorted(
        f"/api/{prefix}/" for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "list")
    )


def _write_operations() -> list[tuple[str, str]]:
    with GENERATOR_STATS.silence():
        spec = SchemaGenerator().get_schema(request=None, public=True)
    GENERATOR_STATS.reset()
    paths = json.loads(OpenApiJsonRenderer().render(spec))["paths"]
    return sorted(
        (method, path) for path, operations in paths.items() for method in operations
        if method in ("post", "put", "patch") and "{" not in path
    )


@pytest.fixture
def admin_api(make_staff):
    """A user holding every role, so that no endpoint stops at the permission."""
    user = make_staff(Role.ADMINISTRATOR).user
    for role in Role.values:
        user.groups.add(*make_staff(role).user.groups.all())
    client = APIClient()
    _token, key = api_token_issue(actor=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_every_router_list_endpoint_is_covered():
    assert len(_list_urls()) >= 15


@pytest.mark.parametrize("url", _list_urls())
@pytest.mark.parametrize("param", ["limit", "offset"])
def test_r_sec_3_a_number_too_big_for_the_database_is_a_400_on_every_list(admin_api, url,
                                                                          param):
    response = admin_api.get(url, {param: TOO_BIG, "limit": "10"} if param == "offset"
                             else {param: TOO_BIG})
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    assert param in response.json()


@pytest.mark.parametrize("url", _list_urls()[:3])
def test_usual_limits_and_offsets_still_page(admin_api, url):
    response = admin_api.get(url, {"limit": "5", "offset": "0"})
    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.parametrize(("method", "path"), _write_operations())
def test_r_sec_3_json_nested_100000_deep_is_a_400_on_every_write(admin_api, method, path):
    response = getattr(admin_api, method)(path, DEEP, content_type="application/json",
                                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (400, 415), (path, response.status_code,
                                                response.content[:300])
    if response.status_code == 400:
        assert "nested too deeply" in json.dumps(response.json())
