"""What each channel receives: WeCom and DingTalk robots a markdown message, a plain
JSON webhook title/text/link, e-mail a subject and body in the language of whoever
caused the message; links point at the site's address."""

import pytest
from django.core import mail
from django.utils import translation

from watchroom.notifications.models import Notification
from watchroom.notifications.services import message_text, notify

from .conftest import EXPORT_FAILED

pytestmark = pytest.mark.django_db

LINK = "https://watchroom.example/footage/1/exports/2/"


def test_each_robot_gets_its_own_markdown(person, robots, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([person], **EXPORT_FAILED)
    wecom = robots.bodies["wecom"]
    assert wecom == {"msgtype": "markdown", "markdown": {
        "content": f"**Export F-1 #2 failed**\nThe disk is full.\n[{LINK}]({LINK})"}}
    dingtalk = robots.bodies["dingtalk"]
    assert dingtalk == {"msgtype": "markdown", "markdown": {
        "title": "Export F-1 #2 failed",
        "text": f"### Export F-1 #2 failed\nThe disk is full.\n\n[{LINK}]({LINK})"}}
    assert robots.bodies["json"] == {"title": "Export F-1 #2 failed",
                                     "text": "The disk is full.", "link": LINK}


def test_email_has_the_title_as_subject_and_the_link_below_the_text(
        person, robots, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([person], **EXPORT_FAILED)
    (message,) = mail.outbox
    assert message.to == ["op@example.org"]
    assert message.subject == "Export F-1 #2 failed"
    assert message.body == f"The disk is full.\n\n{LINK}"


def test_email_and_inbox_are_in_the_language_of_the_action(
        person, robots, django_capture_on_commit_callbacks):
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        notify([person], **EXPORT_FAILED)
    assert mail.outbox[0].subject == "导出 F-1 #2 失败"
    assert Notification.objects.get(user=person).text == "导出 F-1 #2 失败: The disk is full."
    assert robots.bodies["json"]["title"] == "导出 F-1 #2 失败"


def test_one_email_per_person_and_none_without_an_address(
        person, make_staff, robots, django_capture_on_commit_callbacks):
    other = make_staff("operator").user
    other.email = "other@example.org"
    other.save()
    silent = make_staff("operator").user
    with django_capture_on_commit_callbacks(execute=True):
        notify([person, other, silent], **EXPORT_FAILED)
    assert sorted(m.to[0] for m in mail.outbox) == ["op@example.org", "other@example.org"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert Notification.objects.count() == 3
    assert len(robots.received) == 3  # a group robot hears it once, not once per person


def test_message_templates_keep_what_people_typed_as_it_is():
    title, text = message_text("footage_request_awaiting", {
        "number": "F-7", "requester": "张警官", "unit": "城东派出所",
        "purpose": "<b>盗窃</b> & more"})
    assert title == "Footage request F-7 awaits your decision"
    assert text == "张警官 (城东派出所): <b>盗窃</b> & more"
