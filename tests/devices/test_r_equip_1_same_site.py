"""R-EQUIP-1: a camera is recorded, and a storage belongs to, a recorder of its own site:
the archive refuses another site's recorder, naming the field, and changes nothing."""

import pytest

from tests.conftest import SYSTEM
from watchroom.core import services as core
from watchroom.devices import services as devices
from watchroom.devices.models import Camera, Storage
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(policy):
    other = core.site_create(actor=SYSTEM, code="EAST", name="东院区", policy=policy)
    return devices.recorder_create(actor=SYSTEM, site=other, code="NVR-E", name="东院录像机")


def test_r_equip_1_a_camera_is_not_recorded_by_another_sites_recorder(area, elsewhere):
    with pytest.raises(RuleViolation) as refused:
        devices.camera_create(actor=SYSTEM, code="CAM-X", name="门诊", area=area,
                              recorder=elsewhere)
    assert refused.value.rule_id == "R-EQUIP-1" and "recorder" in refused.value.fields
    assert not Camera.objects.filter(code="CAM-X").exists()
    mine = devices.recorder_create(actor=SYSTEM, site=area.site, code="NVR-1", name="本院")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-X", name="门诊", area=area,
                                   recorder=mine)
    with pytest.raises(RuleViolation):
        devices.camera_update(actor=SYSTEM, camera=camera, recorder=elsewhere)
    camera.refresh_from_db()
    assert camera.recorder == mine


def test_r_equip_1_a_storage_is_not_another_sites_recorders(site, elsewhere):
    with pytest.raises(RuleViolation) as refused:
        devices.storage_create(actor=SYSTEM, site=site, code="DISK-X", name="硬盘",
                               recorder=elsewhere, capacity_tb=8)
    assert "recorder" in refused.value.fields
    assert not Storage.objects.filter(code="DISK-X").exists()
