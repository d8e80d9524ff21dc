"""Issue 10 point 8 and 9 in the pages: the administrator's add, edit, deactivate and
account buttons, shown only to the administrator and only when the service allows."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.models import Area, Department, MonitoringRoom, Site, StaffProfile
from watchroom.core.roles import roles_of
from watchroom.core.services import passwords

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, user_of):
    client.force_login(user_of(Role.ADMINISTRATOR))
    return client


def test_r_sec_1_the_administrator_adds_a_person_with_a_role_from_the_page(
        admin_client, department, room):
    page = admin_client.get(reverse("core:staff_list")).content.decode()
    assert reverse("core:staff_new") in page
    form = admin_client.get(reverse("core:staff_new")).content.decode()
    # R-SEC-1: the page never offers what the staff service refuses.
    for guarded in (Role.ADMINISTRATOR, Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR):
        assert f'value="{guarded}"' not in form
    assert f'value="{Role.OPERATOR}"' in form
    response = admin_client.post(reverse("core:staff_new"), {
        "username": "zhoujie", "password": PASSWORD, "full_name": "周杰",
        "employee_no": "BW201", "department": department.pk, "rooms": [room.pk],
        "roles": [Role.OPERATOR, Role.SHIFT_LEAD]})
    staff = StaffProfile.objects.get(employee_no="BW201")
    assert response.status_code == 302 and response["Location"] == staff.get_absolute_url()
    assert sorted(roles_of(staff.user)) == [Role.OPERATOR, Role.SHIFT_LEAD]
    assert list(staff.rooms.all()) == [room]
    assert passwords.change_required(staff.user) == passwords.RESET  # chosen by another


def test_r_sec_1_a_guarded_role_posted_anyway_is_refused_and_nothing_made(admin_client):
    response = admin_client.post(reverse("core:staff_new"), {
        "username": "sneaky", "password": PASSWORD, "full_name": "某",
        "employee_no": "BW202", "roles": [Role.ADMINISTRATOR]},
        headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 400
    assert "R-SEC-1" in response.content.decode()
    assert "系统管理员" in response.content.decode()
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_r_sec_2_a_weak_password_or_taken_number_is_a_translated_form_error(
        admin_client, make_staff):
    taken = make_staff(Role.OPERATOR)
    response = admin_client.post(reverse("core:staff_new"), {
        "username": "weakling", "password": "123", "full_name": "弱",
        "employee_no": taken.employee_no, "roles": [Role.OPERATOR]},
        headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="weakling").exists()


def test_r_sec_1_the_administrator_edits_details_and_roles(admin_client, make_staff):
    person = make_staff(Role.OPERATOR)
    response = admin_client.post(reverse("core:staff_edit", args=[person.pk]), {
        "full_name": "新名", "employee_no": person.employee_no, "roles": [Role.TECHNICIAN]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "新名" and roles_of(person.user) == [Role.TECHNICIAN]


def test_r_sec_1_account_buttons_only_for_the_administrator(client, user_of, make_staff):
    person = make_staff(Role.OPERATOR)
    admin = user_of(Role.ADMINISTRATOR)
    client.force_login(admin)
    page = client.get(person.get_absolute_url()).content.decode()
    for name in ("staff_edit", "staff_deactivate", "staff_force_password",
                 "staff_temporary_password"):
        assert reverse(f"core:{name}", args=[person.pk]) in page
    assert reverse("core:staff_unlock", args=[person.pk]) not in page  # not locked
    client.force_login(user_of(Role.SHIFT_LEAD))
    page = client.get(person.get_absolute_url()).content.decode()
    assert reverse("core:staff_edit", args=[person.pk]) not in page
    assert reverse("core:staff_new") not in client.get(reverse("core:staff_list")).content.decode()
    for name in ("staff_edit", "staff_deactivate", "staff_force_password",
                 "staff_temporary_password", "staff_unlock"):
        assert client.post(reverse(f"core:{name}", args=[person.pk])).status_code == 403
    assert client.get(reverse("core:staff_new")).status_code == 403


def test_r_sec_1_deactivate_from_the_page_and_the_refusal_names_the_rule(
        admin_client, make_staff):
    person = make_staff(Role.OPERATOR)
    url = reverse("core:staff_deactivate", args=[person.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"reason": "调岗"}).status_code == 302
    person.user.refresh_from_db()
    assert not person.user.is_active
    page = admin_client.get(person.get_absolute_url()).content.decode()
    assert reverse("core:staff_reactivate", args=[person.pk]) in page
    assert url not in page
    response = admin_client.post(url, headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 409
    assert "R-SEC-1" in response.content.decode()


def test_r_sec_2_require_a_new_password_and_a_temporary_one_from_the_page(
        admin_client, make_staff):
    person = make_staff(Role.OPERATOR)
    url = reverse("core:staff_force_password", args=[person.pk])
    assert admin_client.post(url).status_code == 302
    assert AuditEvent.objects.filter(action="password.reset_forced").exists()
    url = reverse("core:staff_temporary_password", args=[person.pk])
    assert admin_client.post(url, {"password": "1"}).status_code == 400
    assert admin_client.post(url, {"password": "Handed-over-2026"}).status_code == 302
    person.user.refresh_from_db()
    assert person.user.check_password("Handed-over-2026")


def test_r_sec_2_unlock_is_offered_once_the_sign_in_is_locked(admin_client, make_staff, client):
    from django.conf import settings
    from django.test import Client

    person = make_staff(Role.OPERATOR)
    outsider = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        outsider.post(reverse("login"), {"username": person.user.username, "password": "x"})
    url = reverse("core:staff_unlock", args=[person.pk])
    assert url in admin_client.get(person.get_absolute_url()).content.decode()
    assert admin_client.post(url).status_code == 302
    assert url not in admin_client.get(person.get_absolute_url()).content.decode()


def test_the_menu_links_the_own_password_page(client_as):
    client = client_as(Role.OPERATOR)
    assert reverse("password_change") in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(("kind", "model", "data"), [
    ("site", Site, lambda f: {"code": "S-NEW", "name": "新院区", "policy": f["policy"].pk}),
    ("department", Department, lambda f: {"code": "D-NEW", "name": "新科室",
                                          "site": f["site"].pk}),
    ("area", Area, lambda f: {"code": "A-NEW", "name": "新区域", "site": f["site"].pk,
                              "department": f["department"].pk}),
    ("room", MonitoringRoom, lambda f: {"code": "R-NEW", "name": "新监控室",
                                        "site": f["site"].pk, "capacity": 4}),
])
def test_r_equip_1_the_administrator_adds_edits_and_deactivates_places(
        admin_client, policy, site, department, kind, model, data):
    list_url = reverse(f"core:{kind}_list")
    assert reverse("core:place_new", args=[kind]) in admin_client.get(list_url).content.decode()
    fields = data({"policy": policy, "site": site, "department": department})
    assert admin_client.post(reverse("core:place_new", args=[kind]), fields).status_code == 302
    place = model.objects.get(code=fields["code"])
    assert AuditEvent.objects.filter(action=f"{kind}.created").exists()
    fields["name"] += "（改）"
    edit = reverse("core:place_edit", args=[kind, place.pk])
    assert admin_client.post(edit, fields).status_code == 302
    place.refresh_from_db()
    assert place.name.endswith("（改）")
    assert AuditEvent.objects.filter(action=f"{kind}.updated").exists()
    deactivate = reverse("core:place_deactivate", args=[kind, place.pk])
    assert deactivate in admin_client.get(place.get_absolute_url()).content.decode()
    assert admin_client.post(deactivate).status_code == 302
    place.refresh_from_db()
    assert place.active is False
    inactive = admin_client.get(list_url + "?active=0").content.decode()
    assert place.code in inactive


def test_r_equip_1_a_deactivated_site_is_not_offered_and_a_blocked_one_says_why(
        admin_client, area):
    site = area.site
    page = admin_client.get(site.get_absolute_url()).content.decode()
    assert reverse("core:place_deactivate", args=["site", site.pk]) not in page
    assert area.department.name in page  # why it cannot be deactivated now
    response = admin_client.post(reverse("core:place_deactivate", args=["site", site.pk]),
                                 headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 409 and "R-EQUIP-1" in response.content.decode()
    lone = Site.objects.create(code="S-LONE", name="空院区", policy=site.policy)
    admin_client.post(reverse("core:place_deactivate", args=["site", lone.pk]))
    form = admin_client.get(reverse("core:place_new", args=["room"])).content.decode()
    assert f'value="{site.pk}"' in form and f'value="{lone.pk}"' not in form


def test_r_foot_6_the_area_form_does_not_remove_privacy_protection(admin_client, area):
    Area.objects.filter(pk=area.pk).update(privacy_sensitive=True)
    edit = reverse("core:place_edit", args=["area", area.pk])
    response = admin_client.post(edit, {"code": area.code, "name": area.name,
                                        "site": area.site_id,
                                        "department": area.department_id})
    assert response.status_code == 302
    assert Area.objects.get(pk=area.pk).privacy_sensitive


def test_an_unknown_kind_of_place_is_not_found(admin_client):
    assert admin_client.get("/core/places/camera/new/").status_code == 404


def test_r_equip_1_equipment_and_roster_pages_do_not_offer_a_deactivated_place(
        admin_client, client_as, site, area, room):
    from watchroom.core import services as core
    from watchroom.devices import services as devices

    old_area = core.area_create(actor=SYSTEM, site=site, code="A-OLD", name="旧区域",
                                department=area.department)
    old_room = core.room_create(actor=SYSTEM, site=site, code="R-OLD", name="旧监控室",
                                capacity=2)
    camera = devices.camera_create(actor=SYSTEM, code="CAM-OLD", name="旧摄像机",
                                   area=old_area)
    devices.camera_update(actor=SYSTEM, camera=camera, enabled=False)
    core.place_deactivate(actor=SYSTEM, place=old_area)
    core.place_deactivate(actor=SYSTEM, place=old_room)
    form = admin_client.get(reverse("devices:camera_create")).content.decode()
    assert f'value="{area.pk}"' in form and f'value="{old_area.pk}"' not in form
    # The camera already in the old area keeps it on its edit page.
    edit = admin_client.get(reverse("devices:camera_edit", args=[camera.pk])).content.decode()
    assert f'value="{old_area.pk}"' in edit
    rosters = client_as(Role.SHIFT_LEAD).get(reverse("duty:index")).content.decode()
    assert room.name in rosters and old_room.name not in rosters
