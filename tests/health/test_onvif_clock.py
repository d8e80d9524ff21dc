"""Reading a device's clock over ONVIF (R-DUTY-5), against a real device service on
loopback: the offset, the device's time zone, a refused password, a device that never
answers, and the test device's answers valid against ONVIF's own schemas."""

import datetime as dt
import time

import pytest
from lxml import etree

from tests.support.onvif_device import SOAP, OnvifDevice, SilentDevice
from watchroom.health import onvif
from watchroom.health.onvif import OnvifError, read_clock


@pytest.fixture
def device():
    with OnvifDevice(username="admin", password="secret") as d:
        yield d


def test_r_duty_5_reads_the_offset_of_a_clock_running_ahead(device):
    device.offset_s = 95
    reading = read_clock(device.address, "admin", "secret")
    # the device answers in whole seconds (cut, not rounded): 94 < offset <= 95.1
    assert 94 < reading.offset_s <= 95.1
    assert reading.round_trip_s < 1
    assert abs((reading.device_utc - dt.datetime.now(dt.UTC)).total_seconds() - 95) < 2
    assert device.requests == ["GetSystemDateAndTime"]


def test_r_duty_5_reads_a_clock_running_behind_against_a_controlled_clock(device):
    device.offset_s = -30
    # our own clock said to be 60 s ahead of real time: the device is 90 s behind it
    reading = read_clock(device.address, "admin", "secret", clock=lambda: time.time() + 60)
    assert -91 < reading.offset_s <= -89.9


def test_r_duty_5_a_device_answering_local_time_and_posix_zone(device):
    device.offset_s, device.local_only = 5, True
    device.time_zone, device.utc_hours = "CST-8", 8
    reading = read_clock(device.address, "admin", "secret")
    assert 4 < reading.offset_s <= 5.1


def test_time_zones():
    assert onvif.time_zone("CST-8").utcoffset(None) == dt.timedelta(hours=8)
    assert onvif.time_zone("EST5EDT").utcoffset(None) == dt.timedelta(hours=-5)
    assert onvif.time_zone("<+0530>-05:30").utcoffset(None) == dt.timedelta(hours=5.5)
    when = dt.datetime(2026, 7, 1, 12)
    assert onvif.time_zone("Asia/Shanghai").utcoffset(when) == dt.timedelta(hours=8)
    with pytest.raises(ValueError):
        onvif.time_zone("8")


def test_addresses():
    assert onvif.device_url("10.0.0.8") == "http://10.0.0.8/onvif/device_service"
    assert onvif.device_url("10.0.0.8:8000") == "http://10.0.0.8:8000/onvif/device_service"
    assert onvif.device_url("http://10.0.0.8/") == "http://10.0.0.8/onvif/device_service"
    assert onvif.device_url("https://nvr/x/device") == "https://nvr/x/device"


def test_r_duty_5_a_wrong_password_is_refused_not_read(device):
    with pytest.raises(OnvifError) as refused:
        read_clock(device.address, "admin", "not-the-password")
    assert refused.value.kind == OnvifError.REFUSED
    with pytest.raises(OnvifError) as refused:
        read_clock(device.address, "someone", "secret")
    assert refused.value.kind == OnvifError.REFUSED


def test_without_credentials_the_clock_is_read_before_authentication(device):
    device.offset_s = 3
    assert 2 < read_clock(device.address).offset_s <= 3.1


def test_r_duty_5_a_device_that_never_answers_times_out():
    with SilentDevice() as silent:
        started = time.monotonic()
        with pytest.raises(OnvifError) as hung:
            read_clock(silent.address, "admin", "secret", timeout=0.5)
        assert hung.value.kind == OnvifError.UNREACHABLE
        assert time.monotonic() - started < 3


def test_r_duty_5_nothing_listening_is_unreachable():
    with SilentDevice() as gone:
        address = gone.address
    with pytest.raises(OnvifError) as unreachable:
        read_clock(address, "admin", "secret", timeout=1)
    assert unreachable.value.kind == OnvifError.UNREACHABLE


def test_a_web_server_that_is_not_onvif_is_a_bad_answer():
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b"<html>login</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(OnvifError) as bad:
            read_clock(f"127.0.0.1:{server.server_address[1]}", "admin", "secret")
        assert bad.value.kind == OnvifError.ANSWER
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def device_schema():
    """The device service's schema from ONVIF's WSDL (it imports the tt: schema)."""
    wsdl = etree.parse(str(onvif.WSDL_DIR / "devicemgmt.wsdl"))
    schema = wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema")
    return etree.XMLSchema(schema)


@pytest.mark.parametrize("operation", ["GetSystemDateAndTime", "GetDeviceInformation",
                                       "GetCapabilities", "GetServices"])
@pytest.mark.parametrize("local_only", [False, True])
def test_the_test_device_answers_valid_onvif(device, device_schema, operation, local_only):
    device.local_only = local_only
    request = (f'<s:Envelope xmlns:s="{SOAP}"><s:Header><wsse:Security xmlns:wsse="'
               f'{onvif_wsse()}"><wsse:UsernameToken><wsse:Username>admin</wsse:Username>'
               '<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-'
               'wss-username-token-profile-1.0#PasswordText">secret</wsse:Password>'
               '</wsse:UsernameToken></wsse:Security></s:Header><s:Body>'
               f'<tds:{operation} xmlns:tds="http://www.onvif.org/ver10/device/wsdl"/>'
               '</s:Body></s:Envelope>').encode()
    status, text = device.answer(request)
    assert status == 200
    body = etree.fromstring(text.encode()).find(f"{{{SOAP}}}Body")
    answer = body[0]
    assert answer.tag == f"{{http://www.onvif.org/ver10/device/wsdl}}{operation}Response"
    device_schema.assertValid(etree.ElementTree(answer))


def onvif_wsse() -> str:
    return ("http://docs.oasis-open.org/wss/2004/01/"
            "oasis-200401-wss-wssecurity-secext-1.0.xsd")


def test_r_duty_5_a_device_refusing_tokens_signed_off_its_clock_is_still_read(device):
    """The device refuses a token whose time is more than 5 s from its clock, which is
    95 s ahead: the clock is read all the same, and a wrong password still refused."""
    device.offset_s, device.max_skew_s = 95, 5
    reading = read_clock(device.address, "admin", "secret")
    assert 94 < reading.offset_s <= 95.1
    assert device.requests == ["GetSystemDateAndTime"] * 3  # refused, unsigned, re-signed
    with pytest.raises(OnvifError) as refused:
        read_clock(device.address, "admin", "not-the-password")
    assert refused.value.kind == OnvifError.REFUSED
    device.offset_s = 2  # near enough: the refusal is the password's, asked no further
    device.requests.clear()
    with pytest.raises(OnvifError):
        read_clock(device.address, "admin", "not-the-password")
    assert device.requests == ["GetSystemDateAndTime"] * 2
