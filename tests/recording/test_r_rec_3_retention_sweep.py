"""R-REC-1 … R-REC-4: the sweep removes exactly what is past retention and on no hold,
whatever the cameras, policies, holds and clock; it never touches the rest."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.recording import services, storage
from watchroom.recording.models import Segment

from ..conftest import SYSTEM
from .conftest import T0

DAY = dt.timedelta(days=1)


def test_r_rec_3_sweep_removes_expired_files_and_audits_per_camera_and_day(
        make_camera, seal_file):
    camera = make_camera()
    old = [seal_file(camera, T0 + dt.timedelta(hours=h)) for h in (1, 2, 30)]
    now = old[-1].keep_until - dt.timedelta(seconds=1)  # the third is still inside retention
    removed = services.retention_sweep(actor=SYSTEM, now=now)
    assert removed["segments"] == 2
    assert list(Segment.objects.values_list("pk", flat=True)) == [old[2].pk]
    assert not storage.absolute(old[0].path).exists()
    assert storage.absolute(old[2].path).exists()
    events = AuditEvent.objects.filter(action="recording.expired_deleted")
    assert events.count() == 1  # one camera, one day
    assert '"segments":2' in events.get().data


def test_r_rec_4_a_hold_keeps_footage_past_retention_until_released(
        make_camera, seal_file, user_of):
    camera = make_camera()
    segment = seal_file(camera, T0)
    chief = user_of("security_chief")
    hold = services.hold_place(actor=chief, cameras=[camera], start=T0 - DAY, end=T0 + DAY,
                               reason="医疗纠纷调查", link_kind="investigation", link_ref="INV-1")
    later = segment.keep_until + DAY
    assert services.retention_sweep(actor=SYSTEM, now=later)["segments"] == 0
    services.hold_release(actor=chief, hold=hold, note="调查结束")
    assert services.retention_sweep(actor=SYSTEM, now=later)["segments"] == 1
    assert not Segment.objects.filter(pk=segment.pk).exists()


cameras_st = st.lists(st.integers(min_value=30, max_value=120), min_size=1, max_size=3)
holds_st = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 40), st.integers(1, 10),
                              st.booleans()), max_size=3)
moves_st = st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=4)


@pytest.mark.slow
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(retentions=cameras_st, holds=holds_st, moves=moves_st,
       extension=st.one_of(st.none(), st.integers(min_value=121, max_value=200)))
def test_r_rec_2_nothing_inside_retention_or_on_hold_is_ever_deleted(
        make_camera, site, user_of, retentions, holds, moves, extension):
    chief = user_of("security_chief")
    admin = user_of("administrator")
    with transaction.atomic():
        cameras = []
        for days in retentions:
            profile = core.policy_profile_create(
                actor=SYSTEM, kind="enterprise", name=f"p{len(cameras)}-{days}-{id(retentions)}",
                retention_days=days)
            core.site_update(actor=SYSTEM, site=site, policy=profile)
            camera = make_camera()
            # each camera's segments are sealed under its own policy
            for hour in range(0, 48 * 24, 36):
                start = T0 + dt.timedelta(hours=hour)
                services.segment_seal(
                    actor=SYSTEM, camera_id=camera.pk, start=start,
                    end=start + dt.timedelta(minutes=1),
                    relpath=storage.segment_relpath(camera.pk, camera.code, start),
                    size=1, sha256="0" * 64)
            cameras.append(camera)
        if extension:
            request = services.extension_request(
                actor=admin, camera=cameras[0], days=extension, reason="案件需要")
            services.extension_decide(actor=chief, extension=request, approve=True)
            for segment in Segment.objects.filter(camera=cameras[0]):
                assert segment.keep_until >= segment.end + extension * DAY
        active = []
        for index, day, length, released in holds:
            camera = cameras[index % len(cameras)]
            start = T0 + day * DAY
            hold = services.hold_place(actor=chief, cameras=[camera], start=start,
                                       end=start + length * DAY, reason="调查",
                                       link_kind="investigation")
            if released:
                services.hold_release(actor=chief, hold=hold, note="结束")
            else:
                active.append(hold)
        kept_until = {s.pk: s.keep_until for s in Segment.objects.all()}
        now = T0
        for step in moves:
            now += step * DAY
            before = {s.pk: s for s in Segment.objects.select_related("camera")}
            services.retention_sweep(actor=SYSTEM, now=now)
            after = set(Segment.objects.values_list("pk", flat=True))
            for pk, segment in before.items():
                on_hold = any(h.cameras.filter(pk=segment.camera_id).exists()
                              and h.start < segment.end and h.end > segment.start
                              for h in active)
                inside = kept_until[pk] > now
                if inside or on_hold:
                    assert pk in after, f"deleted inside retention or on hold: {segment}"
                else:
                    assert pk not in after, f"expired and not held, but kept: {segment}"
        transaction.set_rollback(True)
