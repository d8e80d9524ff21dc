"""The blocks', changes' and reference pages: each action through its form, buttons shown
only to whom the service allows them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.support.health_records import camera_in, encode, health_check
from tests.support.health_sources import decode
from watchroom.core.choices import Role
from watchroom.health import references
from watchroom.health.choices import BlockStatus, ChangeStatus
from watchroom.health.models import CameraBlock, CameraChange


@pytest.fixture
def camera(area, system):
    return camera_in(area, system)


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_r_equip_5_a_block_applied_decided_and_ended_through_the_pages(
        client, camera, make_staff):
    applicant, head = make_staff(Role.OPERATOR).user, make_staff(Role.SHIFT_LEAD).user
    start = timezone.now() - dt.timedelta(minutes=5)
    client.force_login(applicant)
    response = client.post(reverse("health:block_apply"), {
        "camera": camera.pk, "reason": "吊顶维修", "starts_at": _local(start),
        "ends_at": _local(start + dt.timedelta(hours=100))})
    assert response.status_code == 200 and "72" in response.content.decode()
    response = client.post(reverse("health:block_apply"), {
        "camera": camera.pk, "reason": "吊顶维修", "starts_at": _local(start),
        "ends_at": _local(start + dt.timedelta(hours=2))})
    block = CameraBlock.objects.get()
    assert response.status_code == 302
    page = client.get(block.get_absolute_url()).content.decode()
    assert 'data-testid="block-decide"' not in page and 'data-testid="block-end"' in page
    client.force_login(head)
    page = client.get(block.get_absolute_url()).content.decode()
    assert 'data-testid="block-decide"' in page
    client.post(block.get_absolute_url(), {"decision": "approve", "note": ""})
    block.refresh_from_db()
    assert block.status == BlockStatus.APPROVED
    listing = client.get(reverse("health:block_list") + "?when=current").content.decode()
    assert "吊顶维修" in listing
    client.force_login(applicant)
    client.post(block.get_absolute_url(), {"action": "end", "note": "完工"})
    block.refresh_from_db()
    assert block.status == BlockStatus.ENDED
    assert "吊顶维修" in client.get(reverse("health:block_list") + "?when=past").content.decode()


def test_r_equip_4_a_change_requested_approved_and_done_through_the_pages(
        client, camera, make_staff):
    technician, head = make_staff(Role.TECHNICIAN).user, make_staff(Role.SHIFT_LEAD).user
    now = timezone.now()
    client.force_login(technician)
    client.post(reverse("health:change_request"), {
        "camera": camera.pk, "kind": "angle", "description": "下调 10°", "reason": "照到地面",
        "planned_start": _local(now), "planned_end": _local(now + dt.timedelta(hours=2))})
    change = CameraChange.objects.get()
    client.force_login(head)
    assert client.get(reverse("health:change_list")).status_code == 200
    client.post(change.get_absolute_url(), {"decision": "refuse", "note": ""})
    change.refresh_from_db()
    assert change.status == ChangeStatus.REQUESTED  # a refusal needs its reason
    client.post(change.get_absolute_url(), {"decision": "approve"})
    client.force_login(technician)
    assert 'data-testid="change-done"' in client.get(change.get_absolute_url()).content.decode()
    client.post(change.get_absolute_url(), {"action": "done", "note": "云台下调 10°"})
    change.refresh_from_db()
    assert change.status == ChangeStatus.DONE


def test_the_room_head_uploads_a_reference_picture(client, camera, make_staff, clip,
                                                   health_folders):
    head = make_staff(Role.SHIFT_LEAD).user
    client.force_login(head)
    url = reverse("health:reference_camera", args=[camera.pk])
    assert 'data-testid="no-reference"' in client.get(url).content.decode()

    data = encode(decode(str(clip("normal")), 1)[0])
    response = client.post(url, {"picture": SimpleUploadedFile("scene.png", data)})
    assert response.status_code == 302
    assert references.current_reference_path(camera).read_bytes() == data
    page = client.get(url).content.decode()
    assert 'data-testid="current-reference"' in page
    current = references.current_reference(camera)
    picture = client.get(reverse("health:reference_picture", args=[current.pk]))
    assert b"".join(picture.streaming_content) == data
    response = client.post(url, {"picture": SimpleUploadedFile("x.png", b"not a picture")})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    client.force_login(make_staff(Role.TECHNICIAN).user)
    assert 'data-testid="upload-reference"' not in client.get(url).content.decode()


def test_the_cameras_page_links_to_its_reference_blocks_and_changes(client, camera,
                                                                    make_staff):
    client.force_login(make_staff(Role.SHIFT_LEAD).user)
    page = client.get(camera.get_absolute_url()).content.decode()
    assert reverse("health:reference_camera", args=[camera.pk]) in page
    assert f"{reverse('health:block_apply')}?camera={camera.pk}" in page
    assert f"{reverse('health:change_list')}?camera={camera.pk}" in page


def test_the_room_head_approves_the_proposed_picture_on_the_page(client, camera, make_staff,
                                                                clip, health_folders):
    frame = decode(str(clip("normal")), 1)[0]
    check = health_check(camera, timezone.now() - dt.timedelta(minutes=1), frame)
    client.force_login(make_staff(Role.SHIFT_LEAD).user)
    url = reverse("health:reference_camera", args=[camera.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="approve-proposal"' in page
    picture = client.get(reverse("health:reference_check_picture", args=[check.pk]))
    assert b"".join(picture.streaming_content) == encode(frame)
    assert client.post(url, {"check": check.pk}).status_code == 302
    current = references.current_reference(camera)
    assert current.health_check == check and current.sha256
