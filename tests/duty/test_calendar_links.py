"""R-SEC-5: a calendar feed link expires, is listed on its owner's page, can be revoked
there, and making a new one retires the old one."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.duty import services
from watchroom.duty.models import CalendarLink


def _new_link(client) -> str:
    page = client.post(reverse("duty:calendar_new"), follow=True).content.decode()
    return page.split('data-testid="calendar-url">')[1].split("<")[0].replace(
        "http://testserver", "")


def test_r_sec_5_a_new_link_works_is_listed_and_expires(client, user_of, settings):
    user = user_of(Role.OPERATOR)
    client.force_login(user)
    url = _new_link(client)
    assert client.get(url).status_code == 200
    link = CalendarLink.objects.get(user=user)
    days = settings.WATCHROOM["CALENDAR_LINK_DAYS"]
    assert abs(link.expires_at - (link.created_at + dt.timedelta(days=days))) < dt.timedelta(
        seconds=5)
    page = client.get(reverse("duty:calendar")).content.decode()
    assert f'data-testid="calendar-link-{link.pk}"' in page
    CalendarLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    client.logout()
    assert client.get(url).status_code == 410


def test_r_sec_5_the_owner_revokes_a_link_and_it_stops_at_once(client, user_of):
    user = user_of(Role.OPERATOR)
    client.force_login(user)
    url = _new_link(client)
    link = CalendarLink.objects.get(user=user)
    answer = client.post(reverse("duty:calendar_revoke", args=[link.pk]))
    assert answer.status_code == 302
    assert client.get(url).status_code == 410
    assert AuditEvent.objects.filter(action="duty.calendar_link_revoked").exists()


def test_r_sec_5_a_new_link_retires_the_old_one(client, user_of):
    client.force_login(user_of(Role.OPERATOR))
    old, new = _new_link(client), _new_link(client)
    assert old != new
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_r_sec_5_nobody_revokes_another_persons_link(client, user_of):
    owner, other = user_of(Role.OPERATOR), user_of(Role.OPERATOR)
    link, _secret = services.calendar_link_create(actor=owner)
    client.force_login(other)
    assert client.post(reverse("duty:calendar_revoke", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_r_sec_5_a_forged_or_old_signed_link_is_not_found(client, user_of):
    from django.core import signing

    user = user_of(Role.OPERATOR)
    old_style = signing.dumps(user.pk, salt="watchroom.duty.calendar")
    assert client.get(reverse("duty:calendar_feed", args=[old_style])).status_code == 404
    assert client.get(reverse("duty:calendar_feed", args=["forged"])).status_code == 404
