"""R-REC-2: nobody — administrators included, by any path — deletes, alters or
shortens recordings inside retention."""

import datetime as dt

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.recording import services
from watchroom.recording.models import Segment
from watchroom.rules import RuleViolation


@pytest.fixture
def recent(make_camera, seal_file):
    return seal_file(make_camera(), timezone.now() - dt.timedelta(hours=1))


def test_r_rec_2_the_delete_service_refuses_and_is_audited(recent, admin_user_):
    with pytest.raises(RuleViolation) as refused:
        services.segment_delete(actor=admin_user_, segment=recent)
    assert refused.value.rule_id == "R-REC-2"
    assert Segment.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(action="rule.refused", data__contains="R-REC-2").exists()


@pytest.mark.parametrize("change", [
    {"sha256": "f" * 64}, {"bytes": 1}, {"path": "elsewhere.mp4"},
    {"start": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
])
def test_r_rec_2_the_database_refuses_rewriting_a_segment(recent, change):
    with pytest.raises(DatabaseError), transaction.atomic():
        Segment.objects.filter(pk=recent.pk).update(**change)


def test_r_rec_2_the_database_refuses_deleting_or_shortening(recent):
    with pytest.raises(DatabaseError), transaction.atomic():
        Segment.objects.filter(pk=recent.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Segment.objects.filter(pk=recent.pk).update(keep_until=timezone.now())
    with pytest.raises(DatabaseError), transaction.atomic():
        Segment.objects.filter(pk=recent.pk).update(state="expired")
    assert Segment.objects.get(pk=recent.pk).sha256 == recent.sha256


def test_r_rec_2_retention_cannot_be_cut(recent, admin_user_):
    with pytest.raises(RuleViolation) as refused:
        services.extension_request(actor=admin_user_, camera=recent.camera,
                                             days=30, reason="磁盘不够")
    assert refused.value.rule_id == "R-REC-2"


def test_r_rec_1_extension_needs_a_leader_other_than_the_requester(recent, user_of):
    admin = user_of("administrator")
    chief = user_of("security_chief")
    request = services.extension_request(
        actor=chief, camera=recent.camera, days=180, reason="重点部位")
    with pytest.raises(RuleViolation) as own:
        services.extension_decide(actor=chief, extension=request, approve=True)
    assert own.value.rule_id == "R-REC-1" and own.value.status == 403
    request.refresh_from_db()
    assert request.status == "pending"
    with pytest.raises(RuleViolation) as refused:
        services.extension_decide(actor=admin, extension=request, approve=True)
    assert refused.value.rule_id == "R-REC-1"
    director = user_of("deputy_director")
    services.extension_decide(actor=director, extension=request, approve=True)
    recent.refresh_from_db()
    assert recent.keep_until >= recent.end + dt.timedelta(days=180)
    with pytest.raises(RuleViolation):
        services.extension_decide(actor=director, extension=request, approve=False)


def test_r_rec_4_only_an_approver_releases_a_hold(recent, user_of):
    lead = user_of("shift_lead")
    hold = services.hold_place(actor=lead, cameras=[recent.camera], start=recent.start,
                               end=recent.end, reason="可疑人员", link_kind="incident",
                               link_ref="INC-7")
    with pytest.raises(RuleViolation) as refused:
        services.hold_release(actor=lead, hold=hold, note="不需要了")
    assert refused.value.rule_id == "R-REC-4"
    operator = user_of("operator")
    with pytest.raises(RuleViolation):
        services.hold_place(actor=operator, cameras=[recent.camera], start=recent.start,
                            end=recent.end, reason="x", link_kind="other")
    chief = user_of("security_chief")
    services.hold_release(actor=chief, hold=hold, note="事件已处理")
    with pytest.raises(RuleViolation):
        services.hold_release(actor=chief, hold=hold, note="again")
