"""Issue 10 point 8: the administrator adds, edits, deactivates and reactivates staff,
sites, departments, areas and rooms. Nothing is deleted; a deactivated record stays in
the history, is no longer offered, and a deactivated person no longer signs in.
Guarded roles stay two-person changes (R-SEC-1)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import services as core
from watchroom.core.choices import Role
from watchroom.core.models import Area, MonitoringRoom, Site, StaffProfile
from watchroom.core.roles import roles_of
from watchroom.core.services import accounts, changes
from watchroom.duty import services as duty
from watchroom.duty.models import Roster
from watchroom.duty.selectors import roster as rosters
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(user_of):
    return user_of(Role.ADMINISTRATOR)


def signs_in(client, username, password=PASSWORD) -> bool:
    response = client.post(reverse("login"), {"username": username, "password": password})
    signed_in = response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()
    return signed_in


def last_event(action):
    return AuditEvent.objects.filter(action=action).latest("seq")


def duty_ahead(room, person, lead):
    """A draft roster of this month for `room` with `person` on duty tomorrow."""
    start = timezone.now() + dt.timedelta(days=1)
    roster = Roster.objects.create(room=room, month=timezone.localdate(start).replace(day=1),
                                   created_by=lead, created_at=timezone.now())
    return duty.duty_add(actor=lead, roster=roster, person=person, start=start,
                         end=start + dt.timedelta(hours=8))


# --- staff: deactivate, reactivate ------------------------------------------------

def test_r_sec_1_a_deactivated_person_cannot_sign_in_and_stays_in_history(
        admin, make_staff, client):
    person = make_staff(Role.OPERATOR, full_name="孙丽")
    assert signs_in(client, person.user.username)
    accounts.staff_deactivate(actor=admin, staff=person, reason="离职")
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert person.user.is_active is False
    assert StaffProfile.objects.filter(pk=person.pk).exists()  # nothing deleted
    assert not signs_in(client, person.user.username)
    event = last_event("staff.deactivated")
    assert event.actor_user_id == admin.pk and "离职" in event.data


def test_r_sec_1_a_deactivated_persons_open_session_ends(admin, make_staff, client):
    person = make_staff(Role.OPERATOR)
    client.force_login(person.user)
    assert client.get(reverse("home")).status_code == 200
    accounts.staff_deactivate(actor=admin, staff=person)
    assert client.get(reverse("home")).status_code == 302


def test_r_duty_1_a_deactivated_operator_is_no_longer_offered_on_the_roster(
        admin, make_staff, room):
    person = make_staff(Role.OPERATOR, rooms=[room])
    assert person.user in rosters.operators_of(room)
    accounts.staff_deactivate(actor=admin, staff=person)
    assert person.user not in rosters.operators_of(room)


def test_r_duty_1_a_person_with_duties_ahead_is_not_deactivated(admin, make_staff, room):
    lead = make_staff(Role.SHIFT_LEAD).user
    person = make_staff(Role.OPERATOR, rooms=[room])
    duty_ahead(room, person.user, lead)
    with pytest.raises(RuleViolation) as refused:
        accounts.staff_deactivate(actor=admin, staff=person)
    assert refused.value.rule_id == "R-DUTY-1"
    person.user.refresh_from_db()
    assert person.user.is_active


def test_r_sec_1_a_leader_or_administrator_is_not_deactivated_around_the_two_person_rule(
        admin, make_staff, user_of):
    chief = make_staff(Role.SECURITY_CHIEF)
    other_admin = make_staff(Role.ADMINISTRATOR)
    for staff in (chief, other_admin):
        with pytest.raises(RuleViolation) as refused:
            accounts.staff_deactivate(actor=admin, staff=staff)
        assert refused.value.rule_id == "R-SEC-1"
        staff.user.refresh_from_db()
        assert staff.user.is_active
    assert changes.is_leader(chief.user)


def test_r_sec_1_nobody_deactivates_themselves_and_only_an_administrator_deactivates(
        admin, make_staff, user_of):
    with pytest.raises(RuleViolation):
        accounts.staff_deactivate(actor=user_of(Role.SHIFT_LEAD),
                                  staff=make_staff(Role.OPERATOR))
    with pytest.raises(RuleViolation):
        accounts.staff_deactivate(actor=admin, staff=admin.staff)
    assert AuditEvent.objects.filter(action="staff.deactivated").count() == 0


def test_r_sec_2_a_reactivated_person_must_choose_a_new_password(admin, make_staff):
    person = make_staff(Role.OPERATOR)
    accounts.staff_deactivate(actor=admin, staff=person)
    accounts.staff_reactivate(actor=admin, staff=person)
    person.refresh_from_db()
    assert person.user.is_active and person.must_change_password
    assert last_event("staff.reactivated").actor_user_id == admin.pk


def test_r_sec_1_no_guarded_role_is_proposed_for_a_deactivated_person(admin, make_staff):
    person = make_staff(Role.OPERATOR)
    accounts.staff_deactivate(actor=admin, staff=person)
    with pytest.raises(RuleViolation):
        changes.change_propose_role(actor=admin, staff=person, role=Role.SECURITY_CHIEF, grant=True)


# --- staff: the edit keeps guarded roles as they are --------------------------------

def test_r_sec_1_staff_save_changes_direct_roles_and_keeps_guarded_ones(admin, make_staff):
    person = make_staff(Role.OPERATOR)
    core.staff_save(actor=admin, staff=person, roles=[Role.SHIFT_LEAD], full_name="新名字",
                    employee_no=person.employee_no, department=person.department, title="",
                    phone="", rooms=[])
    person.refresh_from_db()
    assert person.full_name == "新名字"
    assert roles_of(person.user) == [Role.SHIFT_LEAD]
    assert last_event("staff.roles_changed").actor_user_id == admin.pk
    chief = make_staff(Role.SECURITY_CHIEF)
    core.staff_save(actor=admin, staff=chief, roles=[], full_name=chief.full_name,
                    employee_no=chief.employee_no, department=chief.department, title="x",
                    phone="", rooms=[])
    assert roles_of(chief.user) == [Role.SECURITY_CHIEF]


def test_r_sec_1_staff_save_refuses_a_guarded_role(admin, make_staff):
    person = make_staff(Role.OPERATOR)
    with pytest.raises(RuleViolation):
        core.staff_save(actor=admin, staff=person, roles=[Role.ADMINISTRATOR],
                        full_name="改名", employee_no=person.employee_no,
                        department=person.department, title="", phone="", rooms=[])
    person.refresh_from_db()
    assert person.full_name != "改名"  # one transaction: nothing changed
    assert roles_of(person.user) == [Role.OPERATOR]


# --- places -----------------------------------------------------------------------

def test_r_equip_1_a_place_with_active_dependants_is_not_deactivated(admin, area, room):
    for place in (area.site, area.department):
        with pytest.raises(RuleViolation) as refused:
            core.place_deactivate(actor=admin, place=place)
        assert refused.value.rule_id == "R-EQUIP-1"
    assert Site.objects.get(pk=area.site_id).active


def test_r_equip_1_an_area_with_working_cameras_is_not_deactivated(admin, area):
    from watchroom.devices import services as devices

    devices.camera_create(actor=SYSTEM, code="CAM-DEACT", name="东门", area=area)
    with pytest.raises(RuleViolation) as refused:
        core.place_deactivate(actor=admin, place=area)
    assert refused.value.rule_id == "R-EQUIP-1"
    assert Area.objects.get(pk=area.pk).active


def test_r_duty_1_a_room_with_duties_ahead_is_not_deactivated(admin, make_staff, room):
    lead = make_staff(Role.SHIFT_LEAD).user
    duty_ahead(room, make_staff(Role.OPERATOR, rooms=[room]).user, lead)
    with pytest.raises(RuleViolation) as refused:
        core.place_deactivate(actor=admin, place=room)
    assert refused.value.rule_id == "R-DUTY-1"


def test_r_equip_1_places_deactivate_bottom_up_audited_and_are_no_longer_chosen(
        admin, area, room, department):
    core.place_deactivate(actor=admin, place=area, reason="拆除")
    core.place_deactivate(actor=admin, place=room)
    assert last_event("area.deactivated").actor_user_id == admin.pk
    assert last_event("room.deactivated").actor_user_id == admin.pk
    assert Area.objects.filter(pk=area.pk, active=False).exists()  # kept, not deleted
    # Nothing new chooses a deactivated place, through any path.
    with pytest.raises(RuleViolation) as refused:
        core.staff_create(actor=admin, username="newop", password=PASSWORD,
                          full_name="新人", employee_no="N-1", roles=[Role.OPERATOR],
                          rooms=[MonitoringRoom.objects.get(pk=room.pk)])
    assert refused.value.rule_id == "R-EQUIP-1"
    assert not get_user_model().objects.filter(username="newop").exists()
    # A site deactivates once what is in it is deactivated; then nothing new goes there.
    other_department = core.department_create(actor=SYSTEM, code="D-X", name="总务科")
    core.area_update(actor=admin, area=Area.objects.get(pk=area.pk),
                     department=other_department)
    core.place_deactivate(actor=admin, place=department)
    site = Site.objects.get(pk=area.site_id)
    core.place_deactivate(actor=admin, place=site)
    with pytest.raises(RuleViolation):
        core.room_create(actor=admin, site=Site.objects.get(pk=site.pk), code="R-NEW",
                         name="新监控室", capacity=4)
    # Reactivating goes top-down.
    with pytest.raises(RuleViolation):
        core.place_reactivate(actor=admin, place=Area.objects.get(pk=area.pk))
    core.place_reactivate(actor=admin, place=Site.objects.get(pk=site.pk))
    core.place_reactivate(actor=admin, place=Area.objects.get(pk=area.pk))
    assert last_event("area.reactivated").actor_user_id == admin.pk


def test_r_sec_1_only_an_administrator_deactivates_places(user_of, area):
    with pytest.raises(RuleViolation) as refused:
        core.place_deactivate(actor=user_of(Role.SHIFT_LEAD), place=area)
    assert refused.value.status == 403
    assert Area.objects.get(pk=area.pk).active


def test_r_duty_1_a_deactivated_room_raises_no_alerts(admin, site, room):
    from watchroom.alerts.models import Alert
    from watchroom.duty.tasks import attendance_task

    quiet = core.room_create(actor=SYSTEM, site=site, code="R-QUIET", name="旧监控室",
                             capacity=2)
    core.place_deactivate(actor=admin, place=quiet)
    attendance_task.call()
    alerts = Alert.objects.filter(target_type__endswith="monitoringroom")
    assert alerts.filter(target_id=str(room.pk)).exists()  # an active room is watched
    assert not alerts.filter(target_id=str(quiet.pk)).exists()
