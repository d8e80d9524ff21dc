import codecs
import datetime as dt
import io

import openpyxl
import pytest

from tests.devices.conftest import events
from watchroom.audit.models import AuditEvent
from watchroom.devices import importing, services
from watchroom.devices.importing import ImportRejected
from watchroom.devices.models import Camera
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db

ZH_HEADER = ["编号", "名称", "区域", "录像机", "码流地址", "ONVIF地址", "用户名", "密码",
             "分辨率", "位置", "供应商", "型号", "序列号", "安装日期"]


def _csv(rows: list[list[str]]) -> str:
    return "\n".join(",".join(cells) for cells in rows) + "\n"


def _good_rows(area, recorder) -> list[list[str]]:
    return [
        ZH_HEADER,
        ["IMP-1", "门诊大厅东", area.code, recorder.code, "rtsp://10.9.0.1/main",
         "http://10.9.0.1/onvif", "admin", "pw-one", "1920x1080", "门诊一楼", "海康威视",
         "DS-2CD", "SN-IMP-1", "2024-03-05"],
        ["IMP-2", "门诊大厅西", area.name, "", "rtsp://10.9.0.2/main", "", "", "", "", "", "",
         "", "", "2024/3/6"],
    ]


def _import(system, name, content):
    return services.camera_import(actor=system, file_name=name, content=content)


def _assert_imported(area, recorder):
    first, second = Camera.objects.order_by("code")
    assert (first.code, first.area, first.recorder) == ("IMP-1", area, recorder)
    assert first.password == "pw-one" and "pw-one" not in first.password_encrypted
    assert first.install_date == dt.date(2024, 3, 5)
    assert (second.area, second.recorder, second.install_date) == (area, None, dt.date(2024, 3, 6))
    assert len(events("camera.created")) == 2
    (summary,) = events("camera.imported")
    assert summary["data"]["count"] == 2
    assert summary["data"]["codes"] == ["IMP-1", "IMP-2"]
    assert not AuditEvent.objects.filter(data__contains="pw-one").exists()


def test_r_equip_1_import_csv_utf8_with_bom(area, recorder, system):
    content = codecs.BOM_UTF8 + _csv(_good_rows(area, recorder)).encode("utf-8")
    cameras = _import(system, "cameras.csv", content)
    assert len(cameras) == 2
    _assert_imported(area, recorder)


def test_r_equip_1_import_csv_gbk_as_excel_saves_it(area, recorder, system):
    content = _csv(_good_rows(area, recorder)).replace("\n", "\r\n").encode("gbk")
    _import(system, "摄像机清单.CSV", content)
    _assert_imported(area, recorder)


def test_r_equip_1_import_csv_with_english_headers(area, system):
    content = _csv([["code", "Name", "AREA", "Stream URL", "serial_no"],
                    ["EN-1", "Gate", area.code, "rtsp://x/1", "S-EN-1"]]).encode()
    (camera,) = _import(system, "cameras.csv", content)
    assert (camera.code, camera.serial_no, camera.stream_url) == ("EN-1", "S-EN-1", "rtsp://x/1")


def test_r_equip_1_import_xlsx_with_excel_dates_and_numbers(area, recorder, system):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    rows = _good_rows(area, recorder)
    rows[1][-1] = dt.datetime(2024, 3, 5)  # a real date cell
    rows[2][-1] = 45357  # an Excel day number: 2024-03-06
    rows[2][0] = "IMP-2"
    for row in rows:
        sheet.append(row)
    sheet.append([None] * len(ZH_HEADER))  # trailing empty rows are ignored
    buffer = io.BytesIO()
    workbook.save(buffer)
    _import(system, "cameras.xlsx", buffer.getvalue())
    _assert_imported(area, recorder)


def test_r_equip_1_import_reports_every_bad_row_and_imports_nothing(area, recorder, make_camera,
                                                                    system):
    existing = make_camera(code="OLD-1")
    content = _csv([
        ["编号", "名称", "区域", "安装日期", "序列号"],
        ["OK-1", "好的", area.code, "2024-01-01", "SN-A"],
        ["BAD-2", "区域不对", "无此区域", "", ""],
        ["BAD-3", "日期不对", area.code, "2024-13-45", ""],
        ["OK-1", "重复编号", area.code, "", ""],
        [existing.code, "库里已有", area.code, "", ""],
        ["BAD-6", "", area.code, "someday", "SN-A"],
    ]).encode()
    # Nothing written but the record of the refused attempt (service.py).
    before = (Camera.objects.count(), AuditEvent.objects.exclude(action="rule.refused").count())
    with pytest.raises(ImportRejected) as caught:
        _import(system, "cameras.csv", content)
    errors = caught.value.row_errors
    found = {(e.row, e.column, e.value) for e in errors}
    assert found == {
        (3, "区域", "无此区域"),
        (4, "安装日期", "2024-13-45"),
        (5, "编号", "OK-1"),
        (6, "编号", "OLD-1"),
        (7, "名称", ""),
        (7, "安装日期", "someday"),
        (7, "序列号", "SN-A"),
    }
    messages = [e.message for e in errors]
    assert any(m.startswith("Row 3, column 区域:") and "无此区域" in m for m in messages)
    assert any("row 2" in m for m in messages if m.startswith("Row 5"))
    assert (caught.value.rule_id, caught.value.status) == ("R-EQUIP-1", 400)
    written = AuditEvent.objects.exclude(action="rule.refused").count()
    assert (Camera.objects.count(), written) == before
    assert AuditEvent.objects.filter(action="rule.refused").count() == 1


def test_r_equip_1_import_over_long_field_is_a_clear_row_error(area, system):
    content = _csv([["code", "name", "area"], ["X" * 41, "name", area.code]]).encode()
    with pytest.raises(ImportRejected) as caught:
        _import(system, "cameras.csv", content)
    (error,) = caught.value.row_errors
    assert (error.row, error.column) == (2, "code")
    assert "40" in error.message
    assert not Camera.objects.exists()


def test_r_equip_1_import_unknown_recorder_reported(area, system):
    content = _csv([["编号", "名称", "区域", "录像机"], ["C-1", "n", area.code, "NVR-NONE"]])
    with pytest.raises(ImportRejected) as caught:
        _import(system, "cameras.csv", content.encode())
    assert [(e.row, e.column) for e in caught.value.row_errors] == [(2, "录像机")]


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("cameras.xls", b"anything", "not a file type"),
    ("cameras.txt", b"code,name,area\n", "not a file type"),
    ("cameras.xlsx", b"this is not a zip", "not an Excel workbook"),
    ("cameras.csv", b"", "empty"),
    ("cameras.csv", b"code,name,area\n", "no cameras"),
    ("cameras.csv", b"code,name\nC1,n\n", "no column for"),
    ("cameras.csv", b"code,name,area,colour\nC1,n,A\n", "Unknown column"),
    ("cameras.csv", b"\xff\xfe\xfa\xfb\x81\x30", "UTF-8 or GBK"),
    ("cameras.csv", b"x" * (importing.MAX_BYTES + 1), "larger than 5 MB"),
])
def test_r_equip_1_import_rejects_unreadable_files_clearly(system, name, content, expected):
    with pytest.raises(RuleViolation) as caught:
        _import(system, name, content)
    assert not isinstance(caught.value, ImportRejected)
    assert expected in " ".join(caught.value.fields["file"])
    assert not Camera.objects.exists()


def test_r_equip_1_import_ignores_row_number_column(area, system):
    content = _csv([["序号", "编号", "名称", "区域"], ["1", "C-9", "n", area.code]]).encode()
    (camera,) = _import(system, "cameras.csv", content)
    assert camera.code == "C-9"


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-03-05", dt.date(2024, 3, 5)),
    ("2024/3/5", dt.date(2024, 3, 5)),
    ("2024.03.05 00:00:00", dt.date(2024, 3, 5)),
    (45356, dt.date(2024, 3, 5)),
    (dt.datetime(2024, 3, 5, 8, 0), dt.date(2024, 3, 5)),
    ("", None),
])
def test_r_equip_1_import_date_forms(value, expected):
    assert importing.parse_date(value) == expected
