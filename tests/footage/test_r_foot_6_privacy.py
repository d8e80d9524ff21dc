"""R-FOOT-6: privacy-sensitive footage needs the security chief and the deputy director."""

import pytest

from watchroom.core import services as core

from ..conftest import SYSTEM

pytestmark = pytest.mark.django_db


def test_r_foot_6_privacy_sensitive_footage_needs_chief_and_deputy(
        police_request, people, recorded_camera, policy):
    policy.approval_chains = {"internal": ["security_chief"]}
    policy.save()
    area = recorded_camera.area
    core.area_update(actor=SYSTEM, area=area, privacy_sensitive=True)
    request = police_request(requester_type="internal", officers=[], uploads=[])
    assert request.privacy_sensitive
    assert request.chain == ["security_chief", "deputy_director"]
