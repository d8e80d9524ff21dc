"""R-FOOT-2: the approvers are told by inbox, e-mail and chat robots."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_r_foot_2_notifications_go_by_inbox_email_and_chat_robots(
        police_request, people, settings, webhook_sink, django_capture_on_commit_callbacks):
    people["chief"].email = "chief@example.org"
    people["chief"].save()
    settings.WATCHROOM = {**settings.WATCHROOM, "WEBHOOKS": [
        ("wecom", webhook_sink.url("wecom")), ("dingtalk", webhook_sink.url("dingtalk")),
        ("json", webhook_sink.url("json"))], "BASE_URL": "https://watchroom.example"}
    with django_capture_on_commit_callbacks(execute=True):
        request = police_request()
    assert [m.to for m in mail.outbox] == [["chief@example.org"]]
    assert request.number in mail.outbox[0].subject
    bodies = webhook_sink.bodies
    assert bodies["wecom"]["msgtype"] == "markdown"
    assert request.number in bodies["wecom"]["markdown"]["content"]
    assert bodies["dingtalk"]["markdown"]["title"].find(request.number) >= 0
    assert bodies["json"]["link"] == f"https://watchroom.example/footage/{request.pk}/"
