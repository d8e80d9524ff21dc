import itertools
import json

import pytest
from django.test import Client
from django.utils import translation

from watchroom.audit.models import AuditEvent
from watchroom.devices import services

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English source text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def recorder(site, system):
    n = next(_numbers)
    return services.recorder_create(actor=system, code=f"NVR-{n}", name=f"录像机 {n}", site=site,
                                    address=f"10.0.0.{n}")


@pytest.fixture
def make_camera(area, system):
    def make(**fields):
        n = next(_numbers)
        values = {"code": f"CAM-{n}", "name": f"门诊大厅 {n} 号", "area": area,
                  "stream_url": f"rtsp://10.1.0.{n}/main", **fields}
        return services.camera_create(actor=system, **values)

    return make


@pytest.fixture
def camera(make_camera):
    return make_camera(username="admin", password="Cam-secret-1")


def events(action: str, target=None) -> list[dict]:
    """The audit events of one action (optionally on one object), oldest first, data decoded."""
    query = AuditEvent.objects.filter(action=action).order_by("seq")
    if target is not None:
        query = query.filter(target_id=str(target.pk))
    return [{"actor": e.actor, "target_id": e.target_id, "data": json.loads(e.data)}
            for e in query]
