"""R-EQUIP-3: reports join the open fault of the same item and cause only; a report of
another problem of the item is its own fault, tracked and closed on its own."""

import pytest

from tests.care import support
from watchroom.care import services
from watchroom.care.choices import FaultCategory
from watchroom.care.models import Fault
from watchroom.core.choices import Role

pytestmark = pytest.mark.django_db


def test_r_equip_3_another_problem_of_the_item_is_not_swallowed(area, user_of):
    camera = support.camera(area)
    operator = user_of(Role.OPERATOR)
    hot = services.fault_report(actor=operator, equipment=camera,
                                category=FaultCategory.OVERHEATING, description="外壳发烫")
    noise = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.NOISE, description="风扇异响")
    assert noise.pk != hot.pk
    assert sorted(Fault.objects.values_list("category", flat=True)) == sorted(
        [FaultCategory.OVERHEATING, FaultCategory.NOISE])
    again = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.NOISE, description="仍有异响")
    assert again.pk == noise.pk
    assert [r.description for r in noise.reports.all()] == ["仍有异响"]
