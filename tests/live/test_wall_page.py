"""The wall's page: in the menu of those who watch, its live server allowed by the
Content-Security-Policy (connect-src) and nothing else, no snapshot or download button
but the report (R-FOOT-5), and the grid's tiles asking for each camera's sub-stream where
it has one."""

import re

import pytest
from django.test import override_settings

from watchroom.core.choices import Role


def _connect_src(response) -> list[str]:
    policy = response["Content-Security-Policy"]
    return next(p.split()[1:] for p in policy.split(";") if p.split()[0] == "connect-src")


def test_the_wall_is_in_the_menu_of_those_who_watch_and_closed_to_others(client, wall,
                                                                         user_of):
    client.force_login(wall.operator)
    assert 'href="/wall/"' in client.get("/").content.decode()
    auditor = user_of(Role.AUDITOR)
    client.force_login(auditor)
    assert 'href="/wall/"' not in client.get("/").content.decode()
    assert client.get("/wall/").status_code == 403
    assert client.get("/wall/tree/").status_code == 403


def test_r_sec_3_the_wall_may_fetch_from_the_page_s_host_on_the_live_port(client, wall,
                                                                          settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_PORT": 8010, "LIVE_PUBLIC_URL": ""}
    client.force_login(wall.operator)
    assert _connect_src(client.get("/wall/")) == ["'self'", "http://testserver:8010"]
    response = client.get("/wall/", HTTP_HOST="127.0.0.1:8000")
    assert _connect_src(response) == ["'self'", "http://127.0.0.1:8010"]


def test_r_sec_3_a_public_live_address_is_the_one_allowed(client, wall, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_PUBLIC_URL": "https://live.example.org/"}
    client.force_login(wall.operator)
    assert _connect_src(client.get("/wall/")) == ["'self'", "https://live.example.org"]


def test_r_sec_3_a_recorder_choosing_its_port_is_allowed_on_any_port_of_the_host(
        client, wall, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_PORT": 0, "LIVE_PUBLIC_URL": ""}
    client.force_login(wall.operator)
    assert _connect_src(client.get("/wall/")) == ["'self'", "http://testserver:*"]


def test_r_foot_5_the_wall_offers_no_snapshot_or_download_but_the_report(client, wall):
    client.force_login(wall.operator)
    page = client.get("/wall/").content.decode()
    assert not re.search(r"\bdownload=", page)
    assert len(re.findall(r"data-report(?=[\s>])", page)) == 1
    for video in re.findall(r"<video[^>]*>", page):
        assert "controls " not in video and "nodownload" in video
        assert "disablepictureinpicture" in video


@pytest.mark.parametrize("sub, expected", [("", "main"), ("rtsp://192.0.2.20/2", "sub")])
def test_the_grid_plays_the_sub_stream_where_a_camera_has_one(client, wall, sub, expected):
    if sub and not hasattr(wall.hall, "substream_url"):
        pytest.fail("devices.Camera.substream_url is missing")
    if sub:
        type(wall.hall).objects.filter(pk=wall.hall.pk).update(substream_url=sub)
    client.force_login(wall.operator)
    page = client.get("/wall/").content.decode()
    config = page.split('id="wall-config" type="application/json">')[1].split("</script>")[0]
    assert f'"grid_stream": "{expected}"' in config


@override_settings(LANGUAGE_CODE="zh-hans")
def test_the_wall_speaks_chinese(client, wall):
    client.force_login(wall.operator)
    page = client.get("/wall/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "视频墙" in page and "报告所见" in page
