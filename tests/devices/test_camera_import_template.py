"""R-EQUIP-1: the import page offers a template the import reads as it is: the header
row in the reader's language and an example row."""

import io

import openpyxl
import pytest
from django.urls import reverse

from watchroom.core.choices import Role
from watchroom.devices import services
from watchroom.devices.models import Camera

pytestmark = pytest.mark.django_db


def _download(client) -> bytes:
    page = client.get(reverse("devices:camera_import")).content.decode()
    url = reverse("devices:camera_import_template")
    assert f'href="{url}"' in page
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    return b"".join(answer.streaming_content)


def test_r_equip_1_the_template_downloads_and_imports_as_it_is(client_as, area, system):
    client = client_as(Role.TECHNICIAN)
    content = _download(client)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, example = (list(row) for row in sheet.iter_rows(max_row=2, values_only=True))
    assert header[:3] == ["code", "name", "area"]
    assert example[0] == "CAM-001"
    cameras = services.camera_import(actor=system, file_name="template.xlsx", content=content)
    assert [c.code for c in cameras] == ["CAM-001"]
    assert Camera.objects.get(code="CAM-001").area == area


def test_r_equip_1_a_chinese_reader_gets_chinese_headers(client_as, area):
    client = client_as(Role.TECHNICIAN)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    sheet = openpyxl.load_workbook(io.BytesIO(_download(client))).active
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("编号", "名称", "区域")


def test_r_equip_1_the_template_is_for_those_who_import(client_as):
    client = client_as(Role.OPERATOR)
    assert client.get(reverse("devices:camera_import_template")).status_code == 403
