import pytest
from django.urls import reverse

from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.models import PolicyProfile

PAGES = ["core:site_list", "core:department_list", "core:area_list", "core:room_list",
         "core:staff_list", "core:policy_list"]


ROOM_ROLES = [r for r in Role.values if r != Role.REQUESTER]


@pytest.mark.parametrize("role", ROOM_ROLES)
def test_every_role_browses_places_and_people(client_as, role, area, room):
    client = client_as(role)
    assert client.get(reverse("home")).status_code == 200
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name


def test_a_department_requester_sees_none_of_the_rooms_records(client_as, area, room):
    client = client_as(Role.REQUESTER)
    assert client.get(reverse("home")).status_code == 200
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name


def test_detail_pages_show_the_record(client_as, area, room, make_staff):
    client = client_as(Role.OPERATOR)
    person = make_staff(Role.OPERATOR, full_name="王芳")
    for obj, text in [(area, area.name), (area.department, area.department.name),
                      (area.site, area.site.name), (room, room.name), (person, "王芳")]:
        response = client.get(obj.get_absolute_url())
        assert response.status_code == 200
        assert text in response.content.decode()


def test_list_search_and_htmx_partial(client_as, area, site, department, system):
    from watchroom.core import services

    services.area_create(actor=system, site=site, code="ICU-1", name="重症监护室走廊",
                         department=department, privacy_sensitive=True)
    client = client_as(Role.OPERATOR)
    page = client.get(reverse("core:area_list"), {"q": "重症"}).content.decode()
    assert "重症监护室走廊" in page and area.name not in page
    partial = client.get(reverse("core:area_list"), {"privacy": "1"}, HTTP_HX_REQUEST="true")
    assert "重症监护室走廊" in partial.content.decode()


def test_menu_follows_the_role(client_as):
    operator_page = client_as(Role.OPERATOR).get(reverse("home")).content.decode()
    assert reverse("audit:event_list") not in operator_page
    auditor_page = client_as(Role.AUDITOR).get(reverse("home")).content.decode()
    assert reverse("audit:event_list") in auditor_page


def test_administrator_edits_a_policy_profile_and_it_is_audited(client_as, policy):
    client = client_as(Role.ADMINISTRATOR)
    url = reverse("core:policy_edit", args=[policy.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {f.name: getattr(policy, f.name) for f in PolicyProfile._meta.fields
            if f.name not in ("id", "kind")}
    data["approval_chains"] = '{"police": ["security_chief", "deputy_director"]}'
    data["retention_days"] = 120
    response = client.post(url, data)
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.retention_days == 120
    assert AuditEvent.objects.filter(action="policy.updated", target_id=str(policy.pk)).exists()


def test_r_rec_1_policy_form_shows_the_rule_and_changes_nothing(client_as, policy):
    client = client_as(Role.ADMINISTRATOR)
    data = {f.name: getattr(policy, f.name) for f in PolicyProfile._meta.fields
            if f.name not in ("id", "kind")}
    data["approval_chains"] = "{}"
    data["retention_days"] = 7
    response = client.post(reverse("core:policy_edit", args=[policy.pk]), data)
    assert response.status_code == 409
    assert "R-REC-1" in response.content.decode()
    policy.refresh_from_db()
    assert policy.retention_days == 90


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TECHNICIAN, Role.AUDITOR])
def test_r_sec_1_forged_policy_edit_by_another_role_is_refused(client_as, policy, role):
    client = client_as(role)
    response = client.post(reverse("core:policy_edit", args=[policy.pk]),
                           {"name": "x", "retention_days": 365})
    assert response.status_code == 403
    policy.refresh_from_db()
    assert policy.retention_days == 90


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("core:site_list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_chinese_is_the_default_and_english_can_be_chosen(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="zh-hans"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert 'lang="en"' in client.get(reverse("login")).content.decode()


def test_a_forged_filter_value_is_ignored_not_a_500(client_as, area):
    client = client_as(Role.OPERATOR)
    for query in ({"site": "abc"}, {"site": "99999999999999999999"}, {"privacy": "x"}):
        response = client.get(reverse("core:area_list"), query)
        assert response.status_code == 200
        assert area.name in response.content.decode()
