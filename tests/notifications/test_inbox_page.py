"""The inbox: each person sees their own messages, newest first, unread marked, and can
mark them all read; the old address under footage leads to it."""

import pytest

from watchroom.core.choices import Role
from watchroom.notifications.models import Notification
from watchroom.notifications.services import notify

from .conftest import EXPORT_FAILED

pytestmark = pytest.mark.django_db


def test_the_inbox_shows_ones_own_messages_and_marks_them_read(client, person, make_staff):
    other = make_staff(Role.OPERATOR).user
    notify([person], **EXPORT_FAILED)
    notify([other], kind="footage_export_failed", link="/x/",
           context={"name": "F-9 #1", "error": "gone"})
    client.force_login(person)
    page = client.get("/notifications/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="inbox"' in html
    assert "Export F-1 #2 failed: The disk is full." in html
    assert 'href="/footage/1/exports/2/"' in html and 'class="unread"' in html
    assert "F-9" not in html

    answer = client.post("/notifications/")
    assert answer.status_code == 302 and answer["Location"] == "/notifications/"
    assert Notification.objects.get(user=person).read_at is not None
    assert Notification.objects.get(user=other).read_at is None
    assert 'class="unread"' not in client.get("/notifications/").content.decode()


def test_an_empty_inbox_says_so(client, person):
    client.force_login(person)
    page = client.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Nothing new." in page.content.decode()


def test_the_old_address_leads_to_the_inbox(client, person):
    client.force_login(person)
    answer = client.get("/footage/inbox/")
    assert answer.status_code == 302 and answer["Location"] == "/notifications/"


def test_the_inbox_needs_a_signed_in_person(client):
    answer = client.get("/notifications/")
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_the_menu_links_to_the_inbox(client, person):
    client.force_login(person)
    assert 'href="/notifications/"' in client.get("/").content.decode()
