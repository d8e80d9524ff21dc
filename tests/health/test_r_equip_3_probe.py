"""R-EQUIP-3: the health probe against real RTSP test cameras whose faults are made at
the source: a healthy camera passes with no alert; a black, frozen or covered one raises
its alert, which a later healthy probe closes; a camera that does not answer is
unreachable; a stream other than the archive's is a `stream` problem; every probe is
kept as the camera's history; a camera out of service raises nothing."""

import datetime as dt
import socket

import pytest
from django.utils import timezone

from watchroom.alerts.models import Alert
from watchroom.devices import services as devices
from watchroom.health import probe, tasks
from watchroom.health.models import HealthCheck
from watchroom.health.services.probes import alert_key, health_check_record
from watchroom.scheduler import jobs

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def pictures_dir(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "HEALTH_PICTURES_DIR": tmp_path / "health",
                          "HEALTH_PROBE_USER": "", "CAMERA_LOOPBACK": True}
    return tmp_path / "health"


@pytest.fixture
def make_camera(area, system):
    numbers = iter(range(1, 100))

    def make(url: str, **extra):
        n = next(numbers)
        return devices.camera_create(actor=system, code=f"HC{n}", name=f"走廊 {n}", area=area,
                                     stream_url=url, resolution=extra.pop("resolution",
                                                                          "640x360"), **extra)
    return make


@pytest.fixture
def camera_of(rtsp_server_factory, clip, make_camera):
    def make(kind: str, **extra):
        return make_camera(rtsp_server_factory(source=clip(kind)).url(0), **extra)
    return make


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_alerts(camera):
    return {a.kind: a for a in Alert.objects.filter(key__startswith="health:",
                                                    key__endswith=f":camera:{camera.pk}",
                                                    closed_at__isnull=True)}


def test_r_equip_3_a_healthy_camera_passes_with_no_alert(camera_of, pictures_dir):
    camera = camera_of("normal")
    check = tasks.probe_and_record(camera)
    assert check.ok and check.problems == [] and check.reachable
    assert check.source == "pull" and check.codec == "h264"
    assert (check.width, check.height) == (640, 360)
    assert 8 <= check.fps <= 12 and check.kbps > 0
    assert all(v["status"] in ("pass", "skipped") for v in check.verdicts.values())
    assert check.verdicts["frozen"]["status"] == "pass"
    assert (pictures_dir / check.picture).read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert open_alerts(camera) == {}


@pytest.mark.parametrize("kind", ["black", "frozen", "covered"])
def test_r_equip_3_a_faulty_camera_raises_its_alert(camera_of, kind):
    camera = camera_of(kind)
    check = tasks.probe_and_record(camera)
    assert not check.ok and check.problems == [kind], check.verdicts
    assert check.verdicts[kind]["status"] == "fail"
    alerts = open_alerts(camera)
    assert set(alerts) == {f"health.{kind}"}
    alert = alerts[f"health.{kind}"]
    assert alert.key == alert_key(kind, camera.pk) == f"health:{kind}:camera:{camera.pk}"
    assert alert.severity == "critical"
    assert alert.target_id == str(camera.pk)


def test_r_equip_3_the_alert_closes_on_a_later_healthy_probe(
        camera_of, rtsp_server_factory, clip, system):
    camera = camera_of("black")
    tasks.probe_and_record(camera)
    assert set(open_alerts(camera)) == {"health.black"}
    healthy = rtsp_server_factory(source=clip("normal")).url(0)
    camera = devices.camera_update(actor=system, camera=camera, stream_url=healthy)
    check = tasks.probe_and_record(camera)
    assert check.ok
    assert open_alerts(camera) == {}
    closed = Alert.objects.get(key=alert_key("black", camera.pk))
    assert closed.closed_at is not None and str(check.checked_at.year) in closed.close_note
    history = list(HealthCheck.objects.filter(camera=camera))
    assert [c.ok for c in history] == [True, False]  # newest first, both kept


def test_r_equip_3_a_camera_that_does_not_answer_is_unreachable(make_camera):
    camera = make_camera(f"rtsp://127.0.0.1:{closed_port()}/cam0")
    first = tasks.probe_and_record(camera)
    second = tasks.probe_and_record(camera)
    assert first.problems == ["unreachable"] and not first.reachable
    assert first.source == "none" and first.picture == ""
    alerts = open_alerts(camera)
    assert set(alerts) == {"health.unreachable"}
    assert alerts["health.unreachable"].severity == "critical"
    assert Alert.objects.filter(key=alert_key("unreachable", camera.pk)).count() == 1
    assert HealthCheck.objects.filter(camera=camera).count() == 2 and not second.ok


def test_r_equip_3_a_stream_unlike_the_archive_is_a_stream_problem(camera_of):
    camera = camera_of("normal", resolution="1920x1080")
    check = tasks.probe_and_record(camera)
    assert check.problems == ["stream"] and not check.ok
    alert = open_alerts(camera)["health.stream"]
    assert alert.severity == "warning"
    assert "640x360" in alert.message and "1920x1080" in alert.message


def test_r_equip_3_a_camera_out_of_service_raises_nothing(make_camera, system):
    camera = make_camera(f"rtsp://127.0.0.1:{closed_port()}/cam0")
    tasks.probe_and_record(camera)
    assert set(open_alerts(camera)) == {"health.unreachable"}
    camera = devices.camera_update(actor=system, camera=camera, enabled=False)
    check = tasks.probe_and_record(camera)
    assert check.problems == ["unreachable"]
    assert open_alerts(camera) == {}  # the open one closed, no new one
    assert tasks.probe_camera_task.call(camera.pk) is None  # the job skips it


def test_r_equip_3_an_excused_cause_raises_no_alert(make_camera, system):
    camera = make_camera("rtsp://127.0.0.1:9/cam0")
    result = probe.Observation(checked_at=timezone.now(), reachable=True, source="pull",
                               problems=["black"], excused={"black": "block B-1"},
                               verdicts={"black": {"status": "fail", "score": 3.0,
                                                   "threshold": 12.0}})
    check = health_check_record(actor=system, camera=camera, result=result)
    assert check.ok and check.excused == {"black": "block B-1"}
    assert open_alerts(camera) == {}


def test_r_equip_3_the_sweep_probes_every_camera_in_service(camera_of, make_camera, system):
    healthy, black = camera_of("normal"), camera_of("black")
    silent = make_camera(f"rtsp://127.0.0.1:{closed_port()}/cam0")
    make_camera(f"rtsp://127.0.0.1:{closed_port()}/cam0", enabled=False)
    make_camera("")  # no stream address
    counts = tasks.sweep(parallel=2)
    assert counts["cameras"] == 3 and counts["ok"] == 1 and counts["problems"] == 2
    assert counts["failed"] == 0
    assert HealthCheck.objects.get(camera=healthy).ok
    assert HealthCheck.objects.get(camera=black).problems == ["black"]
    assert HealthCheck.objects.get(camera=silent).problems == ["unreachable"]


def test_r_equip_3_a_sweep_never_runs_twice_at_once(db):
    with tasks.sweep_lock() as held:
        assert held
        assert tasks.sweep() == {"skipped": True}
    with tasks.sweep_lock() as held:
        assert held


def test_r_equip_3_the_sweep_runs_as_often_as_the_profiles_say(site, policy, system):
    from watchroom.core import services as core

    core.policy_profile_update(actor=system, profile=policy, health_check_minutes=3)
    job = next(j for j in jobs() if j.name == "health.sweep")
    assert job.task == "watchroom.health.tasks.health_sweep_task"
    assert job.every.total_seconds() == 180


def test_r_equip_3_a_pushed_stream_not_live_on_its_recorder_is_unreachable(
        make_camera, settings):
    """The demo's test cameras push MPEG-TS over UDP, to one receiver, the recorder: the
    probe never opens a second receiver; without a live picture the camera is unreachable."""
    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_TEST_SOURCES": True}
    camera = make_camera(f"udp://127.0.0.1:{closed_port()}")
    check = tasks.probe_and_record(camera)
    assert check.problems == ["unreachable"] and check.source == "none"
    assert check.duration_ms < 2000
    assert set(open_alerts(camera)) == {"health.unreachable"}


def test_r_equip_3_a_camera_its_recorder_is_still_connecting_to_is_not_called_unreachable(
        make_camera, area, system, settings):
    """A stream pushed over UDP reaches only its recorder: while the recorder has not yet
    reported it, or is still connecting, the sweep leaves it for the next round rather
    than call it unreachable (the demo's start); once the recorder calls it offline,
    the probe's verdict stands."""
    from django.utils import timezone

    from watchroom.devices.choices import RecorderKind
    from watchroom.recording.models import SourceState

    settings.WATCHROOM = {**settings.WATCHROOM, "CAMERA_TEST_SOURCES": True,
                          "HEALTH_PROBE_USER": ""}
    own = devices.recorder_create(actor=system, code="WR1", name="本机", site=area.site,
                                  kind=RecorderKind.WATCHROOM)
    camera = make_camera(f"udp://127.0.0.1:{closed_port()}", recorder=own)
    counts = tasks.sweep(parallel=1, cameras=[camera])
    assert counts["waiting"] == 1 and counts["cameras"] == 0
    assert not HealthCheck.objects.filter(camera=camera).exists()
    now = timezone.now()
    state = SourceState.objects.create(camera=camera, since=now, state="connecting",
                                       state_since=now, updated_at=now)
    assert tasks.sweep(parallel=1, cameras=[camera])["waiting"] == 1
    state.state = "reconnecting"
    state.save(update_fields=["state"])
    assert tasks.sweep(parallel=1, cameras=[camera])["waiting"] == 1
    offline = area.site.policy.camera_offline_seconds + 1  # reconnecting past it: offline
    state.state_since = now - dt.timedelta(seconds=offline)
    state.save(update_fields=["state_since"])
    assert tasks.sweep(parallel=1, cameras=[camera])["waiting"] == 0
    assert HealthCheck.objects.get(camera=camera).problems == ["unreachable"]
