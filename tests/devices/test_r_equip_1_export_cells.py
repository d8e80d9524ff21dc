"""R-EQUIP-1: the archive's export keeps what people typed as text: notes or a location
a spreadsheet would run as a formula open as the words typed."""

import openpyxl
import pytest

from watchroom.devices import export, services

pytestmark = pytest.mark.django_db
TYPED = "=1+cmd|' /C calc'!A0"


def test_r_equip_1_archive_export_cells_are_never_formulas(site, system):
    services.network_device_create(actor=system, code="SW-F", name="交换机", site=site,
                                   kind="poe_switch", address="10.0.0.9", ports=8,
                                   notes=TYPED, location="@机房")
    book = openpyxl.load_workbook(export.workbook())
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(TYPED in str(cell.value) for cell in cells)
