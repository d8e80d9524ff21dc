"""R-FOOT-2: the approvers of a request and its requester open its documents in the page,
each opening audited; nobody else opens them."""

import pytest
from django.urls import reverse

from tests.support.footage import JPEG, PDF
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.footage.rules import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented_request(police_request):
    return police_request(uploads=[Upload("introduction_letter", "介绍信.pdf", PDF),
                                   Upload("id_copy", "警官证.jpg", JPEG)])


def _openings(attachment):
    return AuditEvent.objects.filter(action="footage.attachment_opened",
                                     target_type="footage.attachment",
                                     target_id=str(attachment.pk))


def test_r_foot_2_approvers_and_the_requester_open_documents_inline_each_audited(
        client, people, documented_request):
    letter = documented_request.attachments.get(kind="introduction_letter")
    id_copy = documented_request.attachments.get(kind="id_copy")
    for who in ("chief", "deputy", "operator"):
        client.force_login(people[who])
        page = client.get(reverse("footage:detail", args=[documented_request.pk]))
        page_url = reverse("footage:attachment", args=[documented_request.pk, letter.pk])
        assert page_url in page.content.decode()
        shown = client.get(page_url)
        assert shown.status_code == 200
        file_url = reverse("footage:attachment_file", args=[documented_request.pk, letter.pk])
        assert file_url in shown.content.decode()
        for attachment, content_type, body in ((letter, "application/pdf", PDF),
                                               (id_copy, "image/jpeg", JPEG)):
            before = _openings(attachment).count()
            answer = client.get(reverse("footage:attachment_file",
                                        args=[documented_request.pk, attachment.pk]))
            assert answer.status_code == 200
            assert b"".join(answer.streaming_content) == body
            assert answer["Content-Type"] == content_type
            assert answer["X-Content-Type-Options"] == "nosniff"
            assert answer["Content-Disposition"].startswith("inline")
            assert "default-src 'none'" in answer["Content-Security-Policy"]
            assert "script-src" not in answer["Content-Security-Policy"]
            assert _openings(attachment).count() == before + 1
            event = _openings(attachment).order_by("-seq").first()
            assert event.actor_user_id == people[who].pk
            assert attachment.sha256 in event.data


def test_r_foot_2_another_operator_or_an_approver_of_another_chain_cannot_open(
        client, people, make_staff, recorded_camera, police_request):
    profile = recorded_camera.area.site.policy
    profile.approval_chains = {"police": ["security_chief"]}
    profile.save()
    request = police_request(uploads=[Upload("introduction_letter", "介绍信.pdf", PDF)])
    assert request.chain == ["security_chief"]
    letter = request.attachments.get()
    outsiders = [people["executor"], people["deputy"],
                 make_staff(Role.SHIFT_LEAD).user, make_staff(Role.AUDITOR).user]
    for user in outsiders:
        client.force_login(user)
        page = client.get(reverse("footage:detail", args=[request.pk]))
        if page.status_code == 200:
            assert reverse("footage:attachment", args=[request.pk, letter.pk]) \
                not in page.content.decode()
        for name in ("footage:attachment", "footage:attachment_file"):
            answer = client.get(reverse(name, args=[request.pk, letter.pk]))
            assert answer.status_code in (403, 404), (user, name)
    assert not _openings(letter).exists()
