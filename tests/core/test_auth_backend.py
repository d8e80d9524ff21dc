"""The sign-in backend grants exactly what Django's model backend grants, in fewer
queries: the user with their staff profile in one, all permissions in one."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from watchroom.core.auth_backend import WatchroomBackend
from watchroom.core.choices import Role


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("role", Role.values)
def test_r_sec_1_each_role_has_the_same_permissions_as_with_djangos_backend(user_of, role):
    user = user_of(role)
    expected = ModelBackend().get_all_permissions(fresh(user))
    assert expected
    loaded = fresh(user)
    with CaptureQueriesContext(connection) as queries:
        assert WatchroomBackend().get_all_permissions(loaded) == expected
        assert loaded.has_perm(sorted(expected)[0])
    assert len(queries) == 1


def test_r_sec_1_a_permission_given_to_the_person_counts_and_an_inactive_user_has_none(
        user_of):
    user = user_of(Role.OPERATOR)
    user.user_permissions.add(Permission.objects.get(codename="change_camera"))
    assert "devices.change_camera" in WatchroomBackend().get_all_permissions(fresh(user))
    assert "duty.add_logentry" in WatchroomBackend().get_all_permissions(fresh(user))
    user.is_active = False
    user.save()
    assert WatchroomBackend().get_all_permissions(fresh(user)) == set()
    assert WatchroomBackend().get_user(user.pk) is None


def test_a_superuser_has_every_permission(db):
    admin = get_user_model().objects.create_superuser("root", password="x" * 12)
    assert len(WatchroomBackend().get_all_permissions(fresh(admin))) == Permission.objects.count()


def test_the_signed_in_user_comes_with_the_staff_profile_in_one_query(user_of):
    user = user_of(Role.OPERATOR)
    with CaptureQueriesContext(connection) as queries:
        loaded = WatchroomBackend().get_user(user.pk)
        assert loaded.staff.full_name == user.staff.full_name
    assert len(queries) == 1
    assert WatchroomBackend().get_user(10**9) is None
