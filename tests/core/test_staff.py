import pytest

from tests.conftest import PASSWORD
from watchroom.audit.models import AuditEvent
from watchroom.core import services
from watchroom.core.choices import Role
from watchroom.core.models import StaffProfile
from watchroom.rules import RuleViolation


def test_r_sec_1_staff_get_a_personal_login_with_their_role(db, system, department):
    staff = services.staff_create(actor=system, username="liqiang", password=PASSWORD,
                                  full_name="李强", employee_no="BW001",
                                  roles=[Role.OPERATOR], department=department)
    assert staff.user.check_password(PASSWORD)
    assert staff.user.password.startswith("argon2")
    assert list(staff.user.groups.values_list("name", flat=True)) == ["operator"]
    event = AuditEvent.objects.filter(action="staff.created").latest("seq")
    assert PASSWORD not in event.data


def test_duplicate_employee_number_is_refused_and_no_login_is_left(make_staff, system):
    first = make_staff(Role.OPERATOR)
    with pytest.raises(RuleViolation):
        services.staff_create(actor=system, username="someone", password=PASSWORD,
                              full_name="某人", employee_no=first.employee_no,
                              roles=[Role.OPERATOR])
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="someone").exists()


def test_weak_password_and_unknown_role_are_refused(db, system):
    with pytest.raises(RuleViolation):
        services.staff_create(actor=system, username="weak", password="123",
                              full_name="弱", employee_no="X1", roles=[Role.OPERATOR])
    with pytest.raises(RuleViolation):
        services.staff_create(actor=system, username="odd", password=PASSWORD,
                              full_name="怪", employee_no="X2", roles=["janitor"])
    assert not StaffProfile.objects.exists()


def test_role_change_is_audited(make_staff, admin_user_):
    staff = make_staff(Role.OPERATOR)
    services.staff_set_roles(actor=admin_user_, staff=staff, roles=[Role.SHIFT_LEAD])
    assert staff.user.groups.get().name == Role.SHIFT_LEAD
    event = AuditEvent.objects.filter(action="staff.roles_changed").latest("seq")
    assert '"roles":[["operator"],["shift_lead"]]' in event.data
