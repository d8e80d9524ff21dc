"""Bad input in page addresses gets a clear answer, never a 500."""

import pytest

from watchroom.core.choices import Role

LISTS = ["/devices/cameras/", "/core/areas/", "/core/staff/", "/audit/"]


@pytest.mark.parametrize("query", ["since=0001-01-01T00:00", "until=9999-12-31T23:59",
                                   "since=abc", "q=" + "x" * 5000])
def test_audit_search_with_dates_out_of_range_or_malformed(client_as, query):
    response = client_as(Role.AUDITOR).get("/audit/?" + query)
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page=99999999999999999999"])
def test_any_page_number_is_answered(client_as, query):
    client = client_as(Role.AUDITOR)
    for url in LISTS:
        assert client.get(f"{url}?{query}").status_code == 200, url


def test_a_nul_character_in_the_address_is_a_400(client_as):
    client = client_as(Role.AUDITOR)
    for url in LISTS:
        response = client.get(url, {"q": "a\x00b"})
        assert response.status_code == 400, url


def test_an_event_number_beyond_any_is_not_found(client_as):
    assert client_as(Role.AUDITOR).get("/audit/99999999999999999999999/").status_code == 404
