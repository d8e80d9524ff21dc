"""Camera states as the recorder publishes them (R-REC-6): connecting, live, reconnecting
with the last error, offline after the profile's threshold (raising the recording gap
alert, once: no second alert for the same silence), live again; unknown when the
recorder stops reporting. The API shows them for the cameras the caller may see."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from watchroom.alerts.models import Alert
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.recording import selectors
from watchroom.recording.models import SourceState
from watchroom.recording.recorder import sources

from ..conftest import SYSTEM
from ..support.bad_sources import FreezingProxy
from ..support.recording import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_r_rec_6_connecting_live_reconnecting_offline_live_with_one_alert(
        rtsp_server, make_camera, run_recorder, policy, monkeypatch):
    monkeypatch.setattr(sources, "OPEN_TIMEOUT_S", 3.0)
    core.policy_profile_update(actor=SYSTEM, profile=policy, camera_offline_seconds=5)
    proxy = FreezingProxy(rtsp_server.port)
    proxy.freeze()  # the camera answers nothing yet: the recorder is connecting
    camera = make_camera(proxy.url("cam0"))
    seen: list[str] = []

    def state_is(wanted: str) -> bool:
        status = selectors.camera_states([camera.pk])[camera.pk]
        if not seen or seen[-1] != status.state:
            seen.append(status.state)
        return status.state == wanted

    try:
        with run_recorder(segment_seconds=20, refresh_s=1):
            assert wait_for(lambda: state_is("connecting"), 15, 0.2), seen
            proxy.thaw()
            assert wait_for(lambda: state_is("live"), 30, 0.2), seen
            rtsp_server.stop()
            assert wait_for(lambda: state_is("reconnecting"), 20, 0.2), seen
            status = selectors.camera_states([camera.pk])[camera.pk]
            assert status.detail and not status.recording
            lost = status.since
            assert wait_for(lambda: state_is("offline"), 20, 0.2), seen
            assert selectors.camera_states([camera.pk])[camera.pk].since == lost
            assert wait_for(lambda: Alert.objects.filter(
                key=f"recording.gap:{camera.pk}", closed_at__isnull=True).exists(), 10)
            rtsp_server.start()
            assert wait_for(lambda: state_is("live"), 40, 0.2), seen
            time.sleep(2)
    finally:
        proxy.stopped.set()
    order = ["connecting", "live", "reconnecting", "offline", "live"]
    position = 0
    for state in seen:
        if position < len(order) and state == order[position]:
            position += 1
    assert position == len(order), seen
    assert Alert.objects.filter(kind="recording.gap").count() == 1
    assert Alert.objects.count() == 1, list(Alert.objects.values_list("kind", flat=True))


def test_r_rec_6_a_state_the_recorder_stopped_confirming_is_unknown(make_camera):
    camera = make_camera("rtsp://192.0.2.20/main")
    assert selectors.camera_states([camera.pk])[camera.pk].state == "unknown"
    old = timezone.now() - dt.timedelta(seconds=selectors.STATE_STALE_S + 5)
    SourceState.objects.create(camera=camera, since=old, state="live", state_since=old,
                               recording=True, live_address="127.0.0.1:8010", updated_at=old)
    status = selectors.camera_states([camera.pk])[camera.pk]
    assert status.state == "unknown" and not status.recording
    SourceState.objects.filter(camera=camera).update(updated_at=timezone.now())
    status = selectors.camera_states([camera.pk])[camera.pk]
    assert (status.state, status.recording, status.live_url) == ("live", True, "127.0.0.1:8010")
    unrecorded = make_camera("rtsp://192.0.2.21/main", enabled=False)
    assert selectors.camera_states([unrecorded.pk])[unrecorded.pk].state == "not_recorded"


def test_r_foot_6_the_api_shows_states_of_the_cameras_the_caller_may_see(
        make_camera, area, site, department, user_of, watchroom_recorder):
    hidden_area = core.area_create(actor=SYSTEM, site=site, code="PRIV", name="病房",
                                   department=department, privacy_sensitive=True)
    shown = make_camera("rtsp://192.0.2.30/main")
    hidden = devices.camera_create(actor=SYSTEM, code="PRIV1", name="病房 1", area=hidden_area,
                                   recorder=watchroom_recorder,
                                   stream_url="rtsp://192.0.2.31/main")
    operator = user_of(Role.OPERATOR)
    client = APIClient()
    client.force_authenticate(operator)
    answer = client.get("/api/camera-states/")
    assert answer.status_code == 200
    rows = {row["camera"]: row for row in answer.json()["results"]}
    assert shown.pk in rows and hidden.pk not in rows
    assert rows[shown.pk]["state"] == "unknown" and rows[shown.pk]["label"]
    assert client.get(f"/api/camera-states/?camera={hidden.pk}").json()["results"] == []
    hidden_area.knowledge_scope.add(operator)
    assert [r["camera"] for r in client.get(
        f"/api/camera-states/?camera={hidden.pk}").json()["results"]] == [hidden.pk]
