"""R-REC-6: whatever a camera sends (nothing, garbage, a refusal, an error), opening and
reading its stream end within a deadline, and the cause is kept per camera and shown in
the gap's alert and on the camera's page. Only camera stream protocols are opened."""

import time

import pytest
from django.urls import reverse

from watchroom.alerts.models import Alert
from watchroom.devices import services as devices
from watchroom.recording.choices import SourceCause
from watchroom.recording.models import Gap, SourceState
from watchroom.recording.recorder import sources

from ..conftest import SYSTEM
from ..support.bad_sources import GarbageSource, SilentSource
from ..support.recording import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_deadlines(monkeypatch):
    monkeypatch.setattr(sources, "OPEN_TIMEOUT_S", 4.0)
    monkeypatch.setattr(sources, "READ_TIMEOUT_S", 4.0)


def _cause_of(url: str) -> tuple[str, float]:
    started = time.monotonic()
    try:
        container = sources.open_stream(url)
    except sources.SourceFailure as exc:
        return exc.cause, time.monotonic() - started
    container.close()
    return "", time.monotonic() - started


@pytest.mark.slow
def test_r_rec_6_every_failure_has_a_deadline_and_a_cause(rtsp_server, short_deadlines):
    with GarbageSource() as garbage, SilentSource() as silent:
        unused = SilentSource()
        unused.stop()  # a port nobody listens on
        cases = {
            "ok": rtsp_server.url(0),
            "refused": unused.url(),
            "not_found": f"rtsp://127.0.0.1:{rtsp_server.port}/nothing-here",
            "garbage": garbage.url(),
            "silent": silent.url(),
        }
        found = {name: _cause_of(url) for name, url in cases.items()}
    assert found["ok"][0] == ""
    assert found["refused"][0] == SourceCause.REFUSED
    assert found["not_found"][0] == SourceCause.NOT_FOUND
    assert found["garbage"][0] in (SourceCause.TIMEOUT, SourceCause.NOT_A_STREAM)
    assert found["silent"][0] == SourceCause.TIMEOUT
    for name, (_cause, seconds) in found.items():
        assert seconds < 4.0 + 6, f"{name} took {seconds:.1f} s"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://127.0.0.1:9/x", "concat:/etc/passwd|/etc/hosts",
    "udp://127.0.0.1:9", "tcp://127.0.0.1:9", "subfile:,,start,0,end,0,,:/etc/passwd",
    "/etc/passwd",
])
def test_r_rec_6_only_camera_protocols_are_opened(url, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_TEST_SOURCES": False}
    with pytest.raises(sources.SourceFailure) as refused:
        sources.open_stream(url)
    assert refused.value.cause == SourceCause.PROTOCOL


def test_r_rec_6_nested_protocols_are_whitelisted_too():
    options = sources.options_for("rtsp://127.0.0.1/cam0")
    assert options["protocol_whitelist"] == "rtsp,rtsps,tcp,udp,tls,rtp"


def test_r_rec_6_the_demo_setting_allows_the_test_cameras(settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_TEST_SOURCES": True}
    assert "udp" in sources.allowed_schemes()
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_TEST_SOURCES": False}
    assert "udp" not in sources.allowed_schemes()


@pytest.mark.slow
def test_r_rec_6_a_garbage_source_neither_hangs_nor_leaks_and_its_cause_is_shown(
        make_camera, run_recorder, short_deadlines, client_as):
    with GarbageSource() as garbage:
        camera = make_camera(garbage.url())
        running = run_recorder(segment_seconds=4, refresh_s=0.5)
        with running as recorder:
            state = wait_for(lambda: SourceState.objects.filter(camera=camera).exclude(
                cause="").first(), timeout=40)
            assert state is not None, "no cause recorded"
            assert state.cause in (SourceCause.TIMEOUT, SourceCause.NOT_A_STREAM)
            gap = wait_for(lambda: Gap.objects.filter(camera=camera, end__isnull=True).first(),
                           timeout=30)
            assert gap is not None
            label = str(SourceCause(state.cause).label)
            alert = Alert.objects.get(key=f"recording.gap:{camera.pk}", closed_at__isnull=True)
            assert label in alert.message
            page = client_as("security_chief").get(
                reverse("recording:timeline", args=[camera.pk]))
            assert label in page.content.decode()

            worker = recorder.workers[camera.pk]
            devices.camera_update(actor=SYSTEM, camera=camera, enabled=False)
            assert wait_for(lambda: not worker.is_alive(), timeout=25), \
                "the camera's thread outlived the camera"
            started = time.monotonic()
        assert time.monotonic() - started < 15, "shutdown took too long"
