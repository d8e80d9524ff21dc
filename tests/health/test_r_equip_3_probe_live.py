"""R-EQUIP-3: a camera Watchroom records, whose live stream is up, is probed through the
recorder's live server with a ticket like the wall's (a viewing session of the account
the site names), not with a second connection to the camera."""

import pytest

from tests.recording import conftest as recording
from tests.support.recording import wait_for
from watchroom.core.choices import Role
from watchroom.health import probe, tasks
from watchroom.recording.models import LiveSession

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# The recording tests' fixtures: a Watchroom recorder, its cameras, one running.
watchroom_recorder = recording.watchroom_recorder
make_camera = recording.make_camera
recordings_dir = recording.recordings_dir
run_recorder = recording.run_recorder


def test_r_equip_3_a_recorded_camera_is_probed_through_the_live_server(
        rtsp_server_factory, clip, make_camera, run_recorder, user_of, settings, tmp_path):
    watcher = user_of(Role.TECHNICIAN)
    settings.WATCHROOM = {**settings.WATCHROOM, "HEALTH_PICTURES_DIR": tmp_path / "health",
                          "HEALTH_PROBE_USER": watcher.username, "CAMERA_LOOPBACK": True}
    server = rtsp_server_factory(source=clip("normal"))
    camera = make_camera(server.url(0), resolution="640x360")
    with run_recorder(segment_seconds=5, refresh_s=1) as recorder:
        assert wait_for(lambda: recorder.live_server is not None
                        and recorder.live_for(camera.pk) is not None
                        and probe.live_address(camera), 30, 0.3)
        check = tasks.probe_and_record(camera)
    assert check.source == "live", check.__dict__
    assert check.ok and check.problems == [], check.verdicts
    assert (check.width, check.height) == (640, 360)
    assert check.verdicts["frozen"]["status"] == "pass"
    session = LiveSession.objects.get(user=watcher, camera=camera)
    assert session.started is not None
