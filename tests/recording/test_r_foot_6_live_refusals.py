"""R-FOOT-6: live viewing is scoped and every crafted request is refused and audited:
a camera of a privacy-sensitive area is not opened for someone outside its knowledge
scope, and the recorder's live server answers 403 to a forged or expired ticket, a
ticket for another camera or stream, and a ticket used twice."""

import json
import time
from unittest import mock

import pytest

from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.recording import services
from watchroom.recording.models import LiveSession
from watchroom.rules import RuleViolation

from ..conftest import SYSTEM
from ..support.live import LiveClient, live_path, ticket_for
from ..support.recording import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_r_foot_6_a_privacy_sensitive_camera_is_not_opened_outside_its_scope(
        make_camera, area, user_of):
    core.area_update(actor=SYSTEM, area=area, privacy_sensitive=True)
    camera = make_camera()
    outsider, insider = user_of(Role.OPERATOR), user_of(Role.OPERATOR)
    area.knowledge_scope.add(insider)
    with pytest.raises(RuleViolation) as refused:
        services.live_session_open(actor=outsider, camera=camera, stream="main")
    assert refused.value.rule_id == "R-FOOT-6" and refused.value.status == 403
    assert not LiveSession.objects.filter(user=outsider).exists()
    event = AuditEvent.objects.get(action="rule.refused", actor_user_id=outsider.pk)
    assert json.loads(event.data)["rule"] == "R-FOOT-6"
    assert services.live_session_open(actor=insider, camera=camera, stream="sub").stream == "sub"


def test_r_foot_6_crafted_live_requests_are_refused_and_audited(
        rtsp_server_factory, make_camera, run_recorder, user_of):
    server = rtsp_server_factory(streams=2)
    camera, other = make_camera(server.url(0)), make_camera(server.url(1))
    operator = user_of(Role.OPERATOR)
    with run_recorder(segment_seconds=5, refresh_s=1) as recorder:
        assert wait_for(lambda: recorder.live_server is not None
                        and all(recorder.live_for(c.pk) for c in (camera, other)), 20, 0.2)
        address = recorder.live_server.address

        def status_of(path):
            client = LiveClient(address, path)
            body = client.json() if client.status != 200 else {}
            client.close()
            return client.status, body

        session, token = ticket_for(operator, camera)
        forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
        with mock.patch("django.core.signing.time.time", return_value=time.time() - 120):
            _old, expired = ticket_for(operator, camera)
        _s, for_other = ticket_for(operator, other)
        _s, for_main = ticket_for(operator, camera, "main")
        cases = {
            "forged": live_path(camera.pk, "main", forged),
            "none": f"/live/{camera.pk}/main.mp4",
            "expired": live_path(camera.pk, "main", expired),
            "other camera": live_path(camera.pk, "main", for_other),
            "other stream": live_path(camera.pk, "sub", for_main),
        }
        for name, path in cases.items():
            status, body = status_of(path)
            assert status == 403, name
            assert body["rule"] == "R-FOOT-6" and body["detail"], name
        # a ticket opens one stream once
        first = LiveClient(address, live_path(camera.pk, "main", token))
        assert first.status == 200
        assert first.read_for(0.5)
        assert status_of(live_path(camera.pk, "main", token))[0] == 403
        first.close()
        # a ticket for a camera this recorder does not record
        unrecorded = make_camera(enabled=False)
        _s, elsewhere = ticket_for(operator, unrecorded)
        assert status_of(live_path(unrecorded.pk, "main", elsewhere))[0] == 404
    refused = AuditEvent.objects.filter(action="live.refused")
    assert refused.count() == len(cases) + 1
    reasons = [json.loads(e.data)["reason"] for e in refused]
    assert all(r for r in reasons)
    by_user = refused.filter(actor_user_id=operator.pk).count()
    assert by_user == 3, "refusals of a readable ticket name its holder"
    assert not LiveSession.objects.filter(started__isnull=False).exclude(pk=session.pk).exists()
