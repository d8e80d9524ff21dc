import pytest

from tests.live.scene import Wall


@pytest.fixture
def wall(make_staff, site, department, area, room):
    return Wall(make_staff=make_staff, site=site, department=department, area=area, room=room)
