"""The API's OpenAPI schema is generated cleanly, and fuzzing every operation in it
as an administrator never gets a server error."""

import io
import json
import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from watchroom.core.services.api_tokens import api_token_issue
from watchroom.wsgi import application

# Examples per operation: enough to reach every field's edge cases, few enough that
# all operations run in a minute or two on two cores. WATCHROOM_FUZZ_EXAMPLES raises it.
MAX_EXAMPLES = int(os.environ.get("WATCHROOM_FUZZ_EXAMPLES", "10"))


def test_schema_is_generated_without_warnings_or_errors_and_validates(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    GENERATOR_STATS.reset()
    try:
        call_command(
            "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "api.yaml"),
            stdout=out, stderr=err,
        )
    except Exception as exc:
        pytest.fail(f"{type(exc).__name__}: {exc}\n{err.getvalue()}", pytrace=False)
    finally:
        GENERATOR_STATS.reset()
    text = (tmp_path / "api.yaml").read_text(encoding="utf-8")
    assert text.startswith("openapi: 3.")
    assert "/api/sites/" in text


def test_r_sec_5_schema_and_docs_are_refused_to_anyone_not_signed_in(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code in (401, 403)
    assert b"Watchroom API" not in response.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/login/")


def test_r_sec_5_schema_and_docs_are_served_to_signed_in_staff(client, user_of):
    from watchroom.core.choices import Role

    client.force_login(user_of(Role.OPERATOR))
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Watchroom API"
    assert client.get("/api/docs/").status_code == 200


def test_r_sec_5_schema_is_served_to_a_token(admin_token):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {admin_token}")
    assert api.get("/api/schema/", {"format": "json"}).status_code == 200


def _openapi() -> dict:
    """The schema as the server generates it, made in-process (no request, no database)."""
    with GENERATOR_STATS.silence():
        spec = SchemaGenerator().get_schema(request=None, public=True)
    GENERATOR_STATS.reset()
    return json.loads(OpenApiJsonRenderer().render(spec))


schema = schemathesis.openapi.from_dict(_openapi())
schema.app = application


@pytest.fixture
def admin_token(admin_user_) -> str:
    return api_token_issue(actor=admin_user_)[1]


@pytest.fixture
def _bare_wsgi_calls():
    """Requests go straight to the WSGI application, not through Django's test client,
    so the hooks that close the database connection after each request (which the test
    client turns off) would end the test's transaction. Turn them off here too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_no_api_operation_answers_with_a_server_error(case, admin_token, _bare_wsgi_calls):
    case.call_and_validate(
        headers={"Authorization": f"Token {admin_token}"}, checks=[not_a_server_error]
    )


@pytest.fixture
def footage_token(make_staff) -> str:
    """A user who may file, approve and execute footage requests, so that fuzzing reaches
    the services behind the footage endpoints instead of stopping at the permission."""
    from watchroom.core.choices import Role

    staff = make_staff(Role.OPERATOR)
    staff.user.groups.add(*make_staff(Role.SECURITY_CHIEF).user.groups.all())
    return api_token_issue(actor=staff.user)[1]


@schema.include(path_regex="footage-requests|exports").parametrize()
@settings(
    max_examples=MAX_EXAMPLES, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_no_footage_operation_answers_with_a_server_error(case, footage_token,
                                                         _bare_wsgi_calls):
    case.call_and_validate(
        headers={"Authorization": f"Token {footage_token}"}, checks=[not_a_server_error]
    )
