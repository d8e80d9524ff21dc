"""A site with equipment to maintain, a technician and a room head."""

import datetime as dt

import pytest

from tests.conftest import SYSTEM
from watchroom.core.choices import Role
from watchroom.devices import services as devices

# A Saturday morning, Beijing time (the site's zone).
START = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def kit(site, area):
    recorder = devices.recorder_create(actor=SYSTEM, site=site, code="NVR-1", name="一号录像机")
    cameras = [devices.camera_create(actor=SYSTEM, code=f"CAM-{n}", name=f"门诊大厅 {n}",
                                     area=area, recorder=recorder) for n in (1, 2)]
    storage = devices.storage_create(actor=SYSTEM, site=site, code="DISK-1", name="硬盘组",
                                     recorder=recorder, capacity_tb=8)
    return {"site": site, "recorder": recorder, "cameras": cameras, "storage": storage}


@pytest.fixture
def tech(make_staff):
    return make_staff(Role.TECHNICIAN, full_name="王技术").user


@pytest.fixture
def tech2(make_staff):
    return make_staff(Role.TECHNICIAN, full_name="李维修").user


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD, full_name="张主任").user


@pytest.fixture
def operator(make_staff):
    return make_staff(Role.OPERATOR, full_name="赵值班").user


@pytest.fixture(autouse=True)
def photos_dir(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM,
                          "MAINTENANCE_PHOTOS_DIR": tmp_path / "maintenance-photos"}
    return tmp_path / "maintenance-photos"


@pytest.fixture
def weekly(kit, tech):
    """A weekly technical maintenance of the site's cameras, first due on START's day."""
    from watchroom.care.services.maintenance import maintenance_plan_create

    return maintenance_plan_create(
        actor=tech, site=kit["site"], name="摄像机每周技术维护", work="maintenance",
        equipment_model="devices.camera", interval_days=7, starts_on=START.date(),
        checklist=[{"text": "图像清晰", "unit": ""}, {"text": "温度", "unit": "°C"}],
        now=START)


def all_ok(order, value="35"):
    return {line.pk: [{"result": "ok"}, {"result": "ok", "value": value}]
            for line in order.lines.all()}


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched in English here; the Chinese texts are the catalogue's."""
    from django.utils import translation

    with translation.override("en"):
        yield
