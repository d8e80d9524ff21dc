"""R-DUTY-5: this computer's clock (Watchroom's own recorder's) against standard time,
over SNTP with a real time server on loopback, or from the kernel's synchronisation
state."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.time_server import TimeServer
from watchroom.health import host_clock
from watchroom.health.host_clock import HostClockError, kernel_verdict, read_time_server


@pytest.mark.parametrize("server_offset", [0.0, 3.5, -40.0, 3600.0])
def test_r_duty_5_the_offset_is_this_clock_minus_the_servers(server_offset):
    with TimeServer(offset_s=server_offset) as server:
        reading = read_time_server(server.address)
    assert reading.offset_s == pytest.approx(-server_offset, abs=0.05)
    assert 0 <= reading.round_trip_s < 0.5


def test_r_duty_5_a_slow_server_does_not_count_as_an_offset():
    with TimeServer(offset_s=2.0, delay_s=0.4) as server:
        reading = read_time_server(server.address)
    assert reading.offset_s == pytest.approx(-2.0, abs=0.05)


def test_r_duty_5_a_silent_server_is_unreachable_within_the_timeout():
    with TimeServer(silent=True) as server:
        started = time.monotonic()
        with pytest.raises(HostClockError) as e:
            read_time_server(server.address, timeout=0.5)
    assert e.value.kind == HostClockError.UNREACHABLE
    assert time.monotonic() - started < 2


def test_r_duty_5_a_kiss_of_death_is_not_a_time():
    with TimeServer(stratum=0) as server, pytest.raises(HostClockError) as e:
        read_time_server(server.address)
    assert e.value.kind == HostClockError.ANSWER and "RATE" in e.value.detail


def test_r_duty_5_an_unknown_host_is_unreachable():
    with pytest.raises(HostClockError) as e:
        read_time_server("no-such-host.invalid", timeout=0.5)
    assert e.value.kind == HostClockError.UNREACHABLE


def test_server_addresses():
    assert host_clock.server_address("ntp.example") == ("ntp.example", 123)
    assert host_clock.server_address("10.0.0.1:1123") == ("10.0.0.1", 1123)
    assert host_clock.server_address("[::1]:1123") == ("::1", 1123)
    assert host_clock.server_address("[::1]") == ("::1", 123)


def test_r_duty_5_an_unsynchronised_kernel_clock_is_no_reading():
    with pytest.raises(HostClockError) as e:
        kernel_verdict(result=5, status=host_clock.STA_UNSYNC, offset=0,
                       maxerror_us=16_000_000, now=time.time())
    assert e.value.kind == HostClockError.UNSYNCHRONISED and "16 s" in e.value.detail


@given(offset=st.integers(-500_000_000, 500_000_000), nano=st.booleans())
def test_r_duty_5_a_synchronised_kernel_clock_is_behind_by_what_it_still_adds(offset, nano):
    status = host_clock.STA_NANO if nano else 0
    reading = kernel_verdict(result=0, status=status, offset=offset, maxerror_us=20_000,
                             now=time.time())
    assert reading.offset_s == pytest.approx(-offset / (1e9 if nano else 1e6), abs=1e-3)


def test_r_duty_5_the_kernel_is_read_on_this_machine():
    """Whatever this machine's state, the kernel answers: a reading, or the reason."""
    try:
        reading = host_clock.read_kernel()
    except HostClockError as e:
        assert e.kind in {HostClockError.UNSYNCHRONISED, HostClockError.UNKNOWN}
    else:
        assert abs(reading.offset_s) < 3600


def test_r_duty_5_the_host_clock_command_prints_the_offset_and_needs_no_database():
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "watchroom.cli", "health", "host-clock",
                               *args], capture_output=True, text=True, timeout=120, env=env)

    with TimeServer(offset_s=-12.5) as server:
        address = server.address
        done = run("--server", address)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["source"] == address
    assert answer["offset_s"] == pytest.approx(12.5, abs=0.1)
    with TimeServer(silent=True) as server:
        silent = run("--server", server.address, "--timeout", "0.5")
    assert silent.returncode == 1 and "unreachable" in silent.stderr
