"""R-EQUIP-3: the repair archive's workbook keeps what people typed as text: a
description a spreadsheet would run as a formula opens as the words typed."""

import pytest
from openpyxl import load_workbook

from tests.care import support
from watchroom.care import repair_archive, services
from watchroom.care.choices import FaultCategory
from watchroom.core.choices import Role

pytestmark = pytest.mark.django_db
TYPED = '=HYPERLINK("http://198.51.100.7/x","点此查看")'


def test_r_equip_3_repair_archive_cells_are_never_formulas(area, user_of):
    camera = support.camera(area)
    services.fault_report(actor=user_of(Role.OPERATOR), equipment=camera,
                          category=FaultCategory.OTHER, description=TYPED)
    sheet = load_workbook(repair_archive.workbook(camera)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(TYPED in str(cell.value) for cell in cells)
