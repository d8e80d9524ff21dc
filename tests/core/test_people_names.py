"""R-SEC-1: people are shown by their names; two people of one name are told apart."""

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template

from watchroom.core.people import person_name
from watchroom.core.roles import Role

pytestmark = pytest.mark.django_db


def test_r_sec_1_a_person_is_shown_by_full_name(make_staff):
    staff = make_staff(Role.OPERATOR, username="zhaolei", full_name="赵磊")
    assert person_name(staff.user) == "赵磊"
    assert person_name(staff) == "赵磊"
    assert Template("{{ u|person }}").render(Context({"u": staff.user})) == "赵磊"


def test_r_sec_1_two_people_of_one_name_are_told_apart_by_username(make_staff):
    first = make_staff(Role.OPERATOR, username="wangfang1", full_name="王芳")
    assert person_name(first.user) == "王芳"
    second = make_staff(Role.OPERATOR, username="wangfang2", full_name="王芳")
    assert person_name(first.user) == "王芳 (wangfang1)"
    assert person_name(second.user) == "王芳 (wangfang2)"


def test_an_account_without_a_staff_profile_is_shown_by_username():
    user = get_user_model().objects.create_user("robot", password="x-Long-password-1")
    assert person_name(user) == "robot"
    assert person_name(None) == ""
