"""Issue 10 point 9, R-SEC-2: everyone changes their own password; a password older than
the profile's `password_max_age_days`, or one an administrator reset, must be changed
before anything else; the administrator requires a new password, gives a temporary one
and unlocks a locked sign-in from the person's page. Each is audited."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core.choices import Role
from watchroom.core.login_throttle import is_locked
from watchroom.core.models import StaffProfile
from watchroom.core.services import accounts, passwords
from watchroom.rules import RuleViolation
from watchroom.twofactor import services as twofactor
from watchroom.twofactor import totp

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Another-secret-2027"


@pytest.fixture
def admin(user_of):
    return user_of(Role.ADMINISTRATOR)


def last_event(action):
    return AuditEvent.objects.filter(action=action).latest("seq")


def age(staff, days):
    StaffProfile.objects.filter(pk=staff.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=days))
    staff.refresh_from_db()


def fresh_user(staff):
    return StaffProfile.objects.select_related("user").get(pk=staff.pk).user


# --- when a password was set --------------------------------------------------------

def test_r_sec_2_creating_a_person_records_when_the_password_was_set(make_staff):
    before = timezone.now()
    staff = make_staff(Role.OPERATOR)
    assert staff.password_changed_at >= before
    assert staff.must_change_password is False
    assert passwords.change_required(staff.user) is None


def test_r_sec_2_the_installation_passwords_are_one_time(db, department):
    call_command("leaders", "create", "--department", department.code,
                 "--person", "zhangwei,张伟,L001,security_chief",
                 "--person", "admin,管理员,L003,administrator")
    for staff in StaffProfile.objects.filter(employee_no__in=["L001", "L003"]):
        assert staff.password_changed_at is not None
        assert passwords.change_required(staff.user) == passwords.RESET


# --- the profile's maximum age ----------------------------------------------------

def test_r_sec_2_a_password_older_than_the_profile_allows_must_be_changed(make_staff, policy):
    staff = make_staff(Role.OPERATOR)
    assert policy.password_max_age_days == 90
    age(staff, 89)
    assert passwords.change_required(fresh_user(staff)) is None
    age(staff, 91)
    assert passwords.change_required(fresh_user(staff)) == passwords.EXPIRED
    policy.password_max_age_days = 120
    policy.save()
    assert passwords.change_required(fresh_user(staff)) is None


# --- changing one's own password --------------------------------------------------

def test_r_sec_2_everyone_changes_their_own_password_audited(make_staff):
    staff = make_staff(Role.OPERATOR)
    age(staff, 91)
    passwords.password_change_own(actor=staff.user, current_password=PASSWORD,
                                  new_password=NEW_PASSWORD)
    user = fresh_user(staff)
    assert user.check_password(NEW_PASSWORD)
    assert passwords.change_required(user) is None
    event = last_event("password.changed")
    assert event.actor_user_id == user.pk and "expired" in event.data
    assert NEW_PASSWORD not in event.data and PASSWORD not in event.data


@pytest.mark.parametrize(("current", "new", "error"), [
    ("wrong-password", NEW_PASSWORD, RuleViolation),
    (PASSWORD, PASSWORD, RuleViolation),
    (PASSWORD, "12345", RuleViolation),
])
def test_r_sec_2_a_wrong_current_the_same_or_a_weak_new_password_changes_nothing(
        make_staff, current, new, error):
    staff = make_staff(Role.OPERATOR)
    with pytest.raises(error):
        passwords.password_change_own(actor=staff.user, current_password=current,
                                      new_password=new)
    assert fresh_user(staff).check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="password.changed").exists()


def test_r_sec_2_with_an_authenticator_the_change_needs_a_code(make_staff):
    staff = make_staff(Role.SECURITY_CHIEF)
    secret = totp.new_secret()
    twofactor.authenticator_install(actor=SYSTEM, user=staff.user, secret=secret)
    with pytest.raises(RuleViolation) as refused:
        passwords.password_change_own(actor=staff.user, current_password=PASSWORD,
                                      new_password=NEW_PASSWORD, code="")
    assert refused.value.rule_id == "R-SEC-2"
    assert fresh_user(staff).check_password(PASSWORD)
    passwords.password_change_own(actor=staff.user, current_password=PASSWORD,
                                  new_password=NEW_PASSWORD,
                                  code=totp.code_at(secret, totp.current_step()))
    assert fresh_user(staff).check_password(NEW_PASSWORD)


# --- the administrator's resets ---------------------------------------------------

def test_r_sec_2_the_administrator_requires_a_new_password_audited(admin, make_staff):
    staff = make_staff(Role.OPERATOR)
    passwords.password_force_change(actor=admin, staff=staff)
    assert passwords.change_required(fresh_user(staff)) == passwords.RESET
    assert fresh_user(staff).check_password(PASSWORD)  # the old one still signs in
    assert last_event("password.reset_forced").actor_user_id == admin.pk


def test_r_sec_2_a_temporary_password_must_be_changed_and_ends_open_sessions(
        admin, make_staff, client):
    staff = make_staff(Role.OPERATOR)
    client.force_login(staff.user)
    passwords.password_set_temporary(actor=admin, staff=staff, password="Harbour-lamp-2026-x")
    user = fresh_user(staff)
    assert user.check_password("Harbour-lamp-2026-x")
    assert passwords.change_required(user) == passwords.RESET
    assert last_event("password.temporary_set").actor_user_id == admin.pk
    assert "Harbour-lamp-2026-x" not in last_event("password.temporary_set").data
    assert client.get(reverse("home")).status_code == 302  # signed out
    assert "_auth_user_id" not in client.session


def test_r_sec_1_only_an_administrator_resets_and_never_their_own(admin, make_staff, user_of):
    staff = make_staff(Role.OPERATOR)
    with pytest.raises(RuleViolation) as refused:
        passwords.password_force_change(actor=user_of(Role.SHIFT_LEAD), staff=staff)
    assert refused.value.status == 403
    with pytest.raises(RuleViolation):
        passwords.password_set_temporary(actor=admin, staff=admin.staff,
                                         password="Harbour-lamp-2026-x")
    assert passwords.change_required(fresh_user(staff)) is None
    assert not AuditEvent.objects.filter(action__startswith="password.").exists()


# --- unlock -----------------------------------------------------------------------

def test_r_sec_2_the_administrator_unlocks_a_locked_sign_in_audited(admin, make_staff, client):
    staff = make_staff(Role.OPERATOR)
    username = staff.user.username
    with pytest.raises(RuleViolation):
        accounts.staff_unlock(actor=admin, staff=staff)  # not locked: nothing to do
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    assert is_locked(username)
    assert accounts.may_unlock(admin, staff)
    accounts.staff_unlock(actor=admin, staff=staff)
    assert not is_locked(username)
    assert not AccessAttempt.objects.filter(username=username).exists()
    assert last_event("account.unlocked").actor_user_id == admin.pk
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


# --- nothing else until changed ------------------------------------------------------

def test_r_sec_2_an_expired_password_sends_every_page_to_the_change_page(make_staff, client):
    staff = make_staff(Role.OPERATOR)
    age(staff, 200)
    client.force_login(staff.user)
    for path in (reverse("home"), reverse("core:staff_list"), reverse("duty:log_index")):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("password_change"))
    assert client.get("/api/sites/").status_code == 403
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("password_change"))
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "R-SEC-2" in page.content.decode()
    response = client.post(reverse("password_change"), {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD, "next": reverse("core:staff_list")})
    assert response.status_code == 302 and response["Location"] == reverse("core:staff_list")
    assert client.get(reverse("home")).status_code == 200  # still signed in, free again


def test_r_sec_2_the_change_page_gives_the_rules_error_and_changes_nothing(make_staff, client):
    staff = make_staff(Role.OPERATOR)
    client.force_login(staff.user)
    response = client.post(reverse("password_change"), {
        "current_password": "wrong", "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD}, headers={"Accept-Language": "zh-hans"})
    assert response.status_code == 400
    assert "R-SEC-2" in response.content.decode()
    assert fresh_user(staff).check_password(PASSWORD)


def test_r_sec_2_no_api_token_while_the_password_must_be_changed(admin, make_staff):
    staff = make_staff(Role.OPERATOR)
    api = APIClient()
    body = {"username": staff.user.username, "password": PASSWORD}
    token = api.post("/api/auth/token/", body, format="json").json()["token"]
    passwords.password_force_change(actor=admin, staff=staff)
    assert api.post("/api/auth/token/", body, format="json").status_code == 403
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/sites/").status_code in (401, 403)


def test_r_sec_2_a_person_made_through_the_api_changes_the_password_at_first_sign_in(
        admin, department):
    api = APIClient()
    api.force_authenticate(admin)
    made = api.post("/api/staff/", {
        "username": "apiop", "password": PASSWORD, "full_name": "接口员工",
        "employee_no": "API-1", "roles": ["operator"], "department": department.pk},
        format="json")
    assert made.status_code == 201, made.content
    assert made.json()["must_change_password"] is True and made.json()["active"] is True
    staff = StaffProfile.objects.get(employee_no="API-1")
    assert passwords.change_required(staff.user) == passwords.RESET
