"""pytest fixtures for real RTSP cameras. CI sets WATCHROOM_REQUIRE_RTSP=1: there a
missing server fails the test instead of skipping it."""

import os

import pytest

from tests.support.rtsp import RtspServer, available


def _require():
    reason = available()
    if reason:
        if os.environ.get("WATCHROOM_REQUIRE_RTSP") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def rtsp_server_factory():
    _require()
    servers = []

    def make(**options) -> RtspServer:
        server = RtspServer(**options).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def rtsp_server(rtsp_server_factory):
    return rtsp_server_factory(streams=1)
