"""R-SEC-3: auditors read, search and verify the audit trail; operators cannot."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.audit.conftest import triggers_dropped
from watchroom.audit import checkpoints
from watchroom.audit.models import AuditEvent
from watchroom.audit.services import checkpoint_create
from watchroom.core.choices import Role


@pytest.fixture
def auditor(client_as):
    return client_as(Role.AUDITOR)


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR,
                                  Role.ADMINISTRATOR])
def test_audit_roles_see_the_trail(client_as, role, record):
    event = record(1, action="test.visible")
    response = client_as(role).get(reverse("audit:event_list"))
    assert response.status_code == 200
    assert f"#{event.seq}" in response.content.decode()


def test_an_operator_gets_403_everywhere(client_as, record, system):
    event = record(1)
    point = checkpoint_create(actor=system)
    operator = client_as(Role.OPERATOR)
    for url in [reverse("audit:event_list"), reverse("audit:event_detail", args=[event.seq]),
                reverse("audit:checkpoint_list"),
                reverse("audit:checkpoint_download", args=[point.pk])]:
        assert operator.get(url).status_code == 403, url
    assert operator.post(reverse("audit:verify")).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.verified").exists()


def test_search_by_action_exact_and_prefix(auditor, record):
    login = record(1, action="auth.login")
    failed = record(1, action="auth.login_failed")
    other = record(1, action="core.site.created")
    page = auditor.get(reverse("audit:event_list"), {"action": "auth."}).content.decode()
    assert f"#{login.seq}<" in page and f"#{failed.seq}<" in page
    assert f"#{other.seq}<" not in page
    page = auditor.get(reverse("audit:event_list"), {"action": "auth.login"}).content.decode()
    assert f"#{login.seq}<" in page and f"#{failed.seq}<" not in page


def test_search_by_actor_target_and_text(auditor, record, site, system):
    mine = record(1, action="test.target", target=site)
    plain = record(1, action="test.plain")
    url = reverse("audit:event_list")
    page = auditor.get(url, {"target_type": "core.site", "target_id": site.pk}).content.decode()
    assert f"#{mine.seq}<" in page and f"#{plain.seq}<" not in page
    page = auditor.get(url, {"target": site.name[:4]}).content.decode()
    assert f"#{mine.seq}<" in page and f"#{plain.seq}<" not in page
    page = auditor.get(url, {"actor": str(system), "q": "test.plain"}).content.decode()
    assert f"#{plain.seq}<" in page and f"#{mine.seq}<" not in page


def test_search_by_time_range_in_the_current_time_zone(auditor, record):
    event = record(1, action="test.timed")
    local = timezone.localtime(event.ts)
    fmt = "%Y-%m-%dT%H:%M"
    url = reverse("audit:event_list")
    around = {"since": (local - dt.timedelta(minutes=1)).strftime(fmt),
              "until": (local + dt.timedelta(minutes=1)).strftime(fmt)}
    assert f"#{event.seq}<" in auditor.get(url, around).content.decode()
    later = {"since": (local + dt.timedelta(minutes=2)).strftime(fmt)}
    assert f"#{event.seq}<" not in auditor.get(url, later).content.decode()
    # The same wall-clock time read as UTC would be hours away in Asia/Shanghai.
    earlier = {"until": (local - dt.timedelta(minutes=1)).strftime(fmt)}
    assert f"#{event.seq}<" not in auditor.get(url, earlier).content.decode()


def test_the_list_answers_htmx_with_the_rows(auditor, record):
    event = record(1)
    response = auditor.get(reverse("audit:event_list"), {"q": "test.event"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="rows"' in response.content.decode()
    assert f"#{event.seq}<" in response.content.decode()


def test_the_detail_page_shows_hashes_neighbours_and_checkpoint(auditor, record, system):
    first = record(1)
    middle = record(1, action="test.middle")
    checkpoint_create(actor=system)
    page = auditor.get(reverse("audit:event_detail", args=[middle.seq])).content.decode()
    assert middle.hash in page and middle.prev_hash in page
    assert "&quot;名&quot;: &quot;值&quot;" in page
    assert reverse("audit:event_detail", args=[first.seq]) in page
    assert reverse("audit:event_detail", args=[middle.seq + 1]) in page
    assert 'data-covered="yes"' in page
    newer = record(1)
    page = auditor.get(reverse("audit:event_detail", args=[newer.seq])).content.decode()
    assert 'data-covered="no"' in page
    assert auditor.get(reverse("audit:event_detail", args=[10**9])).status_code == 404


def test_verify_now_reports_an_intact_chain_and_is_audited(auditor, record):
    record(3)
    list_page = auditor.get(reverse("audit:event_list")).content.decode()
    assert 'data-testid="verify-now"' in list_page
    assert auditor.get(reverse("audit:verify")).status_code == 405
    response = auditor.post(reverse("audit:verify"))
    assert response.status_code == 200
    assert 'data-ok="true"' in response.content.decode()
    event = AuditEvent.objects.get(action="audit.verified")
    assert json.loads(event.data)["ok"] is True


def test_verify_now_names_a_tampered_event(auditor, record, attacker):
    bad = record(4).seq - 1
    with triggers_dropped():
        attacker.edit(bad)
    response = auditor.post(reverse("audit:verify"))
    assert f'data-first-bad-seq="{bad}"' in response.content.decode()
    data = json.loads(AuditEvent.objects.get(action="audit.verified").data)
    assert data["ok"] is False and data["first_bad_seq"] == bad


def test_checkpoints_are_listed_and_downloadable(auditor, record, system):
    record(2)
    point = checkpoint_create(actor=system)
    page = auditor.get(reverse("audit:checkpoint_list")).content.decode()
    download = reverse("audit:checkpoint_download", args=[point.pk])
    assert download in page and point.hash in page
    response = auditor.get(download)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert checkpoints.verify_document(response.content.decode()).ok


def test_r_sec_3_all_checkpoints_download_as_a_folder_to_verify_with(auditor, record, system,
                                                                     tmp_path):
    import io
    import zipfile

    from django.core.management import call_command

    record(2)
    first = checkpoint_create(actor=system)
    second = checkpoint_create(actor=system)
    page = auditor.get(reverse("audit:checkpoint_list")).content.decode()
    assert reverse("audit:checkpoint_download_all") in page and "#2" in page
    response = auditor.get(reverse("audit:checkpoint_download_all"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.namelist() == [checkpoints.file_name(first),
                                      checkpoints.file_name(second)]
        archive.extractall(tmp_path / "mine")
    newer = auditor.get(reverse("audit:checkpoint_download_all") + "?since=2")
    with zipfile.ZipFile(io.BytesIO(b"".join(newer.streaming_content))) as archive:
        assert archive.namelist() == [checkpoints.file_name(second)]
    out = io.StringIO()
    call_command("audit", "verify", "--checkpoint", str(tmp_path / "mine"), stdout=out)
    assert out.getvalue().count("OK: checkpoint ") == 2


def test_r_sec_3_verify_now_names_a_missing_checkpoint(auditor, record, system):
    from tests.audit.conftest import run_sql

    record(1)
    checkpoint_create(actor=system)
    checkpoint_create(actor=system)
    page = auditor.post(reverse("audit:verify")).content.decode()
    assert 'data-testid="verify-checkpoints-ok"' in page
    with triggers_dropped():
        run_sql("DELETE FROM audit_auditcheckpoint WHERE number = 1")
    page = auditor.post(reverse("audit:verify")).content.decode()
    assert "checkpoint #1 is missing" in page
    data = json.loads(AuditEvent.objects.filter(action="audit.verified").first().data)
    assert data["ok"] is False and data["problems"]
