"""R-FOOT-4: the register page lists, searches and exports to Excel."""

import io

import pytest
from django.urls import reverse

from tests.support.footage import approve_all
from watchroom.footage import services

pytestmark = pytest.mark.django_db


def test_r_foot_4_the_register_lists_searches_and_exports_to_excel(police_request, people,
                                                                    client):
    from openpyxl import load_workbook

    request = approve_all(police_request(), people)
    services.handover_create(actor=people["executor"], request=request, recipient_name="张三",
                             recipient_unit="城东派出所", recipient_id_number="012345",
                             items="U盘一个")
    client.force_login(people["chief"])
    page = client.get(reverse("footage:list"), {"q": "城东"})
    assert request.number in page.content.decode()
    assert client.get(reverse("footage:list"), {"q": "不存在的单位"}).content.decode().count(
        request.number) == 0
    workbook = client.get(reverse("footage:register_xlsx"))
    sheet = load_workbook(filename=io.BytesIO(b"".join(workbook.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert request.number in rows[1] and "城东派出所" in rows[1]
    assert any(cell and "张三" in str(cell) for cell in rows[1])
    printed = client.get(reverse("footage:print", args=[request.pk])).content.decode()
    assert request.number in printed and "张警官" in printed
