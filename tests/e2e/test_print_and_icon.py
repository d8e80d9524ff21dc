"""Small things a browser shows: the site's icon loads on every page (no 404 for
/favicon.ico), and the printed footage register is the register without its search form."""

import pytest
from playwright.sync_api import expect

from watchroom.core.choices import Role

from .test_footage_request import login

pytestmark = [pytest.mark.browser]


def test_every_page_has_the_sites_icon(page, live_server, make_staff):
    with page.expect_response(lambda r: "favicon" in r.url) as icon:
        page.goto("/login/")
    assert icon.value.status == 200, icon.value.url
    assert page.request.get("/favicon.ico").status == 200


def test_r_foot_4_the_printed_register_leaves_out_the_search_form(page, make_staff):
    chief = make_staff(Role.SECURITY_CHIEF).user
    login(page, chief)
    page.goto("/footage/")
    search = page.get_by_role("search")
    expect(search).to_be_visible()
    page.emulate_media(media="print")
    expect(search).to_be_hidden()
    expect(page.get_by_test_id("register")).to_be_visible()
