"""R-EQUIP-1 / R-SEC-3: a hostile workbook cannot exhaust memory or fill the answer.
A 154 KB .xlsx whose one shared string unpacks to 150 MB is refused after reading a
little, and the refusal names the problem without echoing the content."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from watchroom.core.choices import Role
from watchroom.devices import importing, services
from watchroom.devices.importing import ImportRejected
from watchroom.devices.models import Camera
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db

HUGE = 150 * 1024 * 1024


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>'),
    "xl/worksheets/sheet1.xml": (
        f'<worksheet xmlns="{_MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>1</v></c>'
        '<c r="C2" t="s"><v>2</v></c></row></sheetData></worksheet>'),
}


def _workbook_with_shared_string(length: int) -> bytes:
    """A minimal .xlsx whose header cell A1 is a shared string of `length` characters,
    written in chunks so the test itself stays small."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, text in _PARTS.items():
            target.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" '
                          'count="4" uniqueCount="4"><si><t>'.encode())
            chunk = b"X" * (1024 * 1024)
            for _ in range(length // len(chunk)):
                strings.write(chunk)
            strings.write("</t></si><si><t>名称</t></si><si><t>区域</t></si>"
                          "<si><t>C-1</t></si></sst>".encode())
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _workbook_with_shared_string(HUGE)


def test_the_bomb_is_small_on_disk(bomb):
    assert len(bomb) < 400 * 1024


def test_r_sec_3_a_150_mb_shared_string_is_refused_with_little_memory_and_a_short_answer(
        bomb, client, user_of):
    client.force_login(user_of(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("cameras.xlsx", bomb)
    tracemalloc.start()
    try:
        response = client.post("/api/cameras/import/", {"file": upload})
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 400, response.content[:500]
    assert len(response.content) < 4096
    assert peak < 40 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"
    assert not Camera.objects.exists()


def test_r_sec_3_a_long_cell_is_named_by_row_and_column_and_not_echoed(area, system):
    book = openpyxl.Workbook()
    book.active.append(["编号", "名称", "区域"])
    book.active.append(["C-1", "门" * 50_000, area.code])
    content = io.BytesIO()
    book.save(content)
    with pytest.raises(ImportRejected) as caught:
        services.camera_import(actor=system, file_name="c.xlsx", content=content.getvalue())
    (error,) = caught.value.row_errors
    assert (error.row, error.column) == (2, "B")
    assert len(error.message) < 300 and len(error.value) <= 60


def _told(refusal) -> str:
    """Everything the refusal tells the person: its message, the file's problems, the rows'."""
    rows = [e.message for e in getattr(refusal, "row_errors", [])]
    return " ".join([str(refusal), *refusal.fields.get("file", []), *rows])


def test_r_sec_3_a_long_header_is_not_echoed(system):
    content = ("编号,名称,区域," + "Z" * 100_000 + "\n1,2,3,4\n").encode()
    with pytest.raises(RuleViolation) as caught:
        services.camera_import(actor=system, file_name="c.csv", content=content)
    assert len(_told(caught.value)) < 2000


def test_r_sec_3_too_many_columns_are_refused(system):
    content = (",".join(f"h{i}" for i in range(importing.MAX_COLUMNS + 5)) + "\n").encode()
    with pytest.raises(RuleViolation) as caught:
        services.camera_import(actor=system, file_name="c.csv", content=content)
    assert str(importing.MAX_COLUMNS) in _told(caught.value)
