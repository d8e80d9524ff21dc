"""R-EQUIP-1 completed: network and power equipment beside the rest, manuals as files,
the whole archive as a workbook, and the templates of the import."""

import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from tests.devices.conftest import events
from watchroom.core.choices import Role
from watchroom.devices import export, manuals, services
from watchroom.devices.importing import ImportRejected
from watchroom.devices.models import EquipmentManual, NetworkDevice, PowerSupply
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def manuals_dir(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "MANUALS_DIR": tmp_path / "manuals"}
    return tmp_path / "manuals"


@pytest.fixture
def switch(site, system):
    return services.network_device_create(actor=system, code="SW-1", name="门诊楼交换机",
                                          site=site, kind="poe_switch", address="10.0.0.2",
                                          ports=24)


@pytest.fixture
def ups(site, system):
    return services.power_supply_create(actor=system, code="UPS-1", name="监控室UPS",
                                        site=site, capacity_va=3000)


def _sheet(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_r_equip_1_network_and_power_created_and_audited(switch, ups):
    assert switch.get_kind_display() == "PoE switch"
    assert ups.kind == "ups"
    assert events("network_device.created", switch)[0]["data"]["new"]["ports"] == 24
    assert events("power_supply.created", ups)


def test_r_equip_1_duplicate_code_refused(switch, site, system):
    with pytest.raises(RuleViolation) as caught:
        services.network_device_create(actor=system, code="SW-1", name="x", site=site)
    assert caught.value.rule_id == "R-EQUIP-1"
    assert NetworkDevice.objects.count() == 1


def test_r_equip_1_technician_creates_and_retires_network_device_through_pages(
        client_as, site):
    client = client_as(Role.TECHNICIAN)
    data = {"code": "SW-9", "name": "住院部交换机", "site": site.pk, "kind": "switch",
            "address": "10.0.9.1", "ports": "48", "status": "in_service", "location": "",
            "supplier": "", "model_name": "", "serial_no": "", "install_date": "2020-01-02",
            "manual_url": "", "notes": ""}
    response = client.post(reverse("devices:networkdevice_create"), data)
    item = NetworkDevice.objects.get(code="SW-9")
    assert response.status_code == 302
    response = client.post(reverse("devices:networkdevice_edit", args=[item.pk]),
                           {**data, "status": "retired"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "retired"
    page = client.get(reverse("devices:networkdevice_list"))
    assert "SW-9" in page.content.decode()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_r_equip_1_operator_sees_power_but_cannot_add(client_as, ups):
    client = client_as(Role.OPERATOR)
    assert client.get(reverse("devices:powersupply_detail", args=[ups.pk])).status_code == 200
    assert client.get(reverse("devices:powersupply_create")).status_code == 403


def test_r_equip_1_power_supplies_imported_all_or_nothing(site, system):
    content = _sheet([["编号", "名称", "院区", "类型", "容量(VA)", "电池安装日期"],
                      ["UPS-A", "一号UPS", site.code, "ups", 6000, "2023-05-01"],
                      ["UPS-B", "二号UPS", site.name, "Power distribution unit", "", ""]])
    items = services.equipment_import(actor=system, label="powersupply",
                                      file_name="ups.xlsx", content=content)
    assert [i.code for i in items] == ["UPS-A", "UPS-B"]
    assert PowerSupply.objects.get(code="UPS-B").kind == "distribution"
    assert str(PowerSupply.objects.get(code="UPS-A").battery_installed) == "2023-05-01"
    bad = _sheet([["code", "name", "site", "kind"], ["UPS-C", "x", site.code, "ups"],
                  ["UPS-A", "y", "nowhere", "boat"]])
    with pytest.raises(ImportRejected) as caught:
        services.equipment_import(actor=system, label="powersupply", file_name="b.xlsx",
                                  content=bad)
    assert len(caught.value.row_errors) == 3
    assert not PowerSupply.objects.filter(code="UPS-C").exists()


def test_r_equip_1_import_templates_are_read_back_by_the_import(client_as, site):
    client = client_as(Role.TECHNICIAN)
    for label, model in (("networkdevice", NetworkDevice), ("powersupply", PowerSupply)):
        response = client.get(reverse(f"devices:{label}_import_template"))
        assert response.status_code == 200
        content = b"".join(response.streaming_content)
        response = client.post(reverse(f"devices:{label}_import"),
                               {"file": _upload(content, "list.xlsx")})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert model.objects.count() == 1
    assert client.get(reverse("devices:camera_import_template")).status_code == 200


def _upload(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_r_equip_1_archive_export_has_a_sheet_per_kind(client_as, switch, ups, make_camera):
    make_camera()
    client = client_as(Role.OPERATOR)
    response = client.get(reverse("devices:archive_export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Cameras", "Recorders", "Storage", "Displays",
                               "Network devices", "Power supplies"]
    network = book["Network devices"]
    assert network["A1"].value == "Code"
    assert network["A2"].value == "SW-1"
    assert network["D2"].value == "PoE switch"
    assert book["Power supplies"]["A2"].value == "UPS-1"
    assert book["Cameras"].max_row == 2


def test_r_equip_1_archive_export_speaks_chinese(switch):
    with translation.override("zh-hans"):
        book = openpyxl.load_workbook(export.workbook())
    assert "网络设备" in book.sheetnames[4] or book.sheetnames[4] != "Network devices"
    assert book.worksheets[4]["A1"].value == "编号"


def test_r_equip_1_manual_uploaded_and_downloaded_audited(client_as, switch, manuals_dir):
    client = client_as(Role.TECHNICIAN)
    response = client.post(reverse("devices:manual_upload", args=["networkdevice", switch.pk]),
                           {"file": _upload(PDF, "说明书.pdf")})
    assert response.status_code == 302
    (manual,) = EquipmentManual.objects.all()
    assert manual.content_type == "application/pdf"
    assert (manuals_dir / manual.path).read_bytes() == PDF
    assert events("equipment_manual.uploaded", switch)[0]["data"]["sha256"] == manual.sha256
    page = client.get(switch.get_absolute_url()).content.decode()
    assert "说明书.pdf" in page
    reader = client_as(Role.OPERATOR)
    response = reader.get(manual.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert events("equipment_manual.downloaded", manual)


def test_r_equip_1_manual_office_document_accepted(switch, user_of, manuals_dir):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    manual = services.manual_upload(actor=user_of(Role.TECHNICIAN), equipment=switch,
                                    name="guide.docx",
                                    content=out.getvalue())
    assert manual.content_type == manuals.DOCX


def test_r_equip_1_manual_refuses_a_disguised_file(switch, user_of, manuals_dir):
    technician = user_of(Role.TECHNICIAN)
    for name, content in (("manual.pdf", b"MZ\x90\x00 this is a program"),
                          ("manual.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
                          ("manual.docx", b"PK\x03\x04 not really a zip")):
        with pytest.raises(RuleViolation) as caught:
            services.manual_upload(actor=technician, equipment=switch, name=name,
                                   content=content)
        assert caught.value.rule_id == "R-EQUIP-1"
        assert "file" in caught.value.fields
    assert not EquipmentManual.objects.exists()
    assert not manuals_dir.exists() or not any(manuals_dir.rglob("*"))


def test_r_equip_1_manual_refuses_an_oversize_file_through_the_page(client_as, switch,
                                                                     manuals_dir):
    client = client_as(Role.TECHNICIAN)
    content = PDF + b"0" * manuals.MAX_BYTES
    response = client.post(reverse("devices:manual_upload", args=["networkdevice", switch.pk]),
                           {"file": _upload(content, "big.pdf")}, follow=True)
    assert response.status_code == 200
    assert not EquipmentManual.objects.exists()
    assert events("rule.refused")


def test_r_equip_1_manual_upload_needs_the_change_right(switch, user_of, manuals_dir):
    with pytest.raises(RuleViolation):
        services.manual_upload(actor=user_of(Role.OPERATOR), equipment=switch,
                               name="m.pdf", content=PDF)


def test_r_equip_1_new_kinds_over_the_api(client_as, site):
    client = client_as(Role.TECHNICIAN)
    response = client.post("/api/network-devices/", {"code": "R-1", "name": "核心路由器",
                           "site": site.pk, "kind": "router"}, content_type="application/json")
    assert response.status_code == 201, response.content
    response = client.get("/api/power-supplies/")
    assert response.status_code == 200
