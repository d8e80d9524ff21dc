import pytest

from watchroom.core.choices import Role
from watchroom.core.roles import ROLE_PERMISSIONS


@pytest.mark.parametrize("role", Role.values)
def test_r_sec_1_every_role_is_a_group_with_its_permissions(user_of, role):
    user = user_of(role)
    for perm in ROLE_PERMISSIONS[role]:
        assert user.has_perm(perm), perm


def test_r_sec_1_nobody_may_delete_records(user_of):
    for role in Role.values:
        user = user_of(role)
        perms = user.get_all_permissions()
        assert not [p for p in perms if ".delete_" in p], role


def test_r_sec_1_only_auditing_roles_see_the_audit_trail(user_of):
    seeing = {r for r in Role.values if user_of(r).has_perm("audit.view_auditevent")}
    assert seeing == {Role.AUDITOR, Role.SECURITY_CHIEF, Role.DEPUTY_DIRECTOR,
                      Role.ADMINISTRATOR}


def test_operators_cannot_change_places_or_equipment(user_of):
    operator = user_of(Role.OPERATOR)
    assert not operator.has_perm("core.change_area")
    assert not operator.has_perm("devices.add_camera")
    assert operator.has_perm("devices.view_camera")
