"""A hospital's monitoring room with an operator, its head, the security chief, an area
with two cameras and another area with one; the duty fixtures for handovers."""

import pytest
from django.utils import translation

from tests.conftest import SYSTEM
from tests.duty.conftest import clock, on_duty, room_shifts  # noqa: F401 (fixtures)
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.devices import services as devices


class Scene:
    def __init__(self, *, make_staff, site, department, area, room):
        self.site, self.area, self.room = site, area, room
        self.operator = make_staff(Role.OPERATOR, rooms=[room], full_name="李强").user
        self.head = make_staff(Role.SHIFT_LEAD, rooms=[room], full_name="周组长").user
        self.chief = make_staff(Role.SECURITY_CHIEF, rooms=[room], full_name="王科长").user
        self.other_area = core.area_create(actor=SYSTEM, site=site, code=f"B{area.pk}",
                                           name="住院部", department=department)
        recorder = devices.recorder_create(actor=SYSTEM, code=f"NVR-I{area.pk}", name="一号",
                                           site=site)
        self.gate = devices.camera_create(actor=SYSTEM, code=f"CAM-GATE-{area.pk}",
                                          name="东门", area=area, recorder=recorder)
        self.hall = devices.camera_create(actor=SYSTEM, code=f"CAM-HALL-{area.pk}",
                                          name="门诊大厅", area=area, recorder=recorder)
        self.ward = devices.camera_create(actor=SYSTEM, code=f"CAM-WARD-{area.pk}",
                                          name="住院部走廊", area=self.other_area,
                                          recorder=recorder)


@pytest.fixture
def scene(make_staff, site, department, area, room):
    return Scene(make_staff=make_staff, site=site, department=department, area=area,
                 room=room)


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def incident_files(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "INCIDENT_FILES_DIR": tmp_path / "incidents"}
    return tmp_path / "incidents"


def report(scene, **fields):
    from watchroom.incidents import services

    data = {"actor": scene.operator, "title": "东门有人打架", "seen": "两名男子在东门扭打",
            "category": "violence", "area": scene.area, "told": "保安队长", **fields}
    return services.incident_create(**data)
