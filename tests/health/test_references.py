"""Reference pictures (R-EQUIP-4): the room head approves a camera's scene as a real
picture (a healthy check's, or an upload), checked by decoding it and kept under its
SHA-256; the one it replaces stays on record; the `moved` check compares with it."""

import datetime as dt
import hashlib

import cv2
import pytest

from tests.support.health_records import camera_in, encode, health_check
from tests.support.health_sources import decode
from watchroom.core.choices import Role
from watchroom.health import references
from watchroom.health.choices import ReferenceSource
from watchroom.health.images import check_image
from watchroom.health.models import ReferenceImage
from watchroom.health.selectors import references as selectors
from watchroom.health.services.references import reference_approve
from watchroom.rules import RuleViolation

T0 = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def camera(area, system):
    return camera_in(area, system)


@pytest.fixture
def head(make_staff):
    return make_staff(Role.SHIFT_LEAD).user


@pytest.fixture(scope="module")
def frames(clip):
    return {kind: decode(str(clip(kind)), 1)[0] for kind in ("normal", "moved")}


def test_an_uploaded_picture_becomes_the_reference(camera, head, frames, health_folders):
    data = encode(frames["normal"], ".jpg")
    reference = reference_approve(actor=head, camera=camera, picture=data, now=T0)
    assert reference.source == ReferenceSource.UPLOAD
    assert reference.sha256 == hashlib.sha256(data).hexdigest()
    assert (reference.width, reference.height) == (640, 360)
    path = references.current_reference_path(camera)
    assert path.read_bytes() == data and path.name.startswith(reference.sha256)
    assert references.current_reference_path(camera.pk) == path
    # The probe's `moved` check reads it: the same scene passes, the turned camera fails.
    approved = cv2.imread(str(path))
    assert check_image(frames["normal"], reference=approved)["moved"].ok is True
    assert check_image(frames["moved"], reference=approved)["moved"].ok is False


def test_a_healthy_checks_picture_is_proposed_and_approved(camera, head, frames,
                                                           health_folders):
    assert references.current_reference_path(camera) is None
    health_check(camera, T0, frames["moved"], ok=False)
    check = health_check(camera, T0 + dt.timedelta(minutes=5), frames["normal"])
    assert selectors.reference_proposal(camera) == check
    reference = reference_approve(actor=head, camera=camera, health_check=check,
                                  now=T0 + dt.timedelta(minutes=6))
    assert reference.source == ReferenceSource.CHECK and reference.taken_at == check.checked_at
    assert references.current_reference_path(camera).read_bytes() == encode(frames["normal"])


def test_a_new_reference_replaces_the_old_which_stays_on_record(camera, head, frames,
                                                                health_folders):
    first = reference_approve(actor=head, camera=camera, picture=encode(frames["normal"]),
                              now=T0)
    second = reference_approve(actor=head, camera=camera, picture=encode(frames["moved"]),
                               now=T0 + dt.timedelta(days=1))
    first.refresh_from_db()
    assert first.replaced_at == T0 + dt.timedelta(days=1)
    assert references.reference_file(first).is_file()
    assert references.current_reference(camera) == second
    assert list(selectors.reference_history(camera)) == [second, first]


def test_only_a_real_picture_and_only_the_room_head(camera, head, frames, make_staff,
                                                    health_folders):
    with pytest.raises(RuleViolation) as refused:
        reference_approve(actor=head, camera=camera, picture=b"\x89PNG\r\n\x1a\nnot a picture")
    assert refused.value.rule_id == "R-EQUIP-4" and "picture" in refused.value.fields
    with pytest.raises(RuleViolation):
        reference_approve(actor=head, camera=camera, picture=b"GIF89a....")
    technician = make_staff(Role.TECHNICIAN).user
    assert selectors.reference_approve_refusal(technician, camera) is not None
    with pytest.raises(RuleViolation) as refused:
        reference_approve(actor=technician, camera=camera, picture=encode(frames["normal"]))
    assert refused.value.status == 403
    unhealthy = health_check(camera, T0, frames["moved"], ok=False)
    with pytest.raises(RuleViolation):
        reference_approve(actor=head, camera=camera, health_check=unhealthy)
    assert not ReferenceImage.objects.exists()


def test_r_foot_6_a_private_areas_reference_pictures_only_for_its_scope(
        site, department, system, head, frames, health_folders, make_staff, client):
    from watchroom.core import services as core

    ward = core.area_create(actor=system, site=site, code="W9", name="产科病房",
                            department=department, privacy_sensitive=True)
    camera = camera_in(ward, system)
    check = health_check(camera, T0, frames["normal"])
    ward.knowledge_scope.add(head)
    current = reference_approve(actor=head, camera=camera, health_check=check)
    outsider = make_staff(Role.OPERATOR).user
    client.force_login(outsider)
    page = client.get(camera.get_absolute_url()).content.decode()
    assert f"/health/cameras/{camera.pk}/reference/" not in page  # no link to a refusal
    assert client.get(f"/health/cameras/{camera.pk}/reference/").status_code == 403
    assert client.get(f"/health/references/{current.pk}/picture/").status_code == 404
    assert client.get(f"/health/references/checks/{check.pk}/picture/").status_code == 404
    other_head = make_staff(Role.SHIFT_LEAD).user  # a room head outside the scope
    with pytest.raises(RuleViolation) as refused:
        reference_approve(actor=other_head, camera=camera, health_check=check)
    assert refused.value.rule_id == "R-FOOT-6"
    ward.knowledge_scope.add(outsider)
    assert client.get(f"/health/cameras/{camera.pk}/reference/").status_code == 200
    assert client.get(f"/health/references/{current.pk}/picture/").status_code == 200
    assert client.get(f"/health/references/checks/{check.pk}/picture/").status_code == 200
