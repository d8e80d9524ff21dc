"""R-EQUIP-2: the maintenance record (维护保养记录) prints with people's names and local
times, and downloads as an Excel workbook with the same rows; the work order page fills
and signs the checklist; buttons show only to those allowed."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tests.care.conftest import START, all_ok
from tests.conftest import PASSWORD, SYSTEM
from tests.support.plans import png
from watchroom.care.models import WorkOrder
from watchroom.care.services import maintenance as svc

pytestmark = pytest.mark.django_db
# 2026-11-28 09:30 in Beijing is 01:30 UTC: the record shows the local time.
SIGNED = START + dt.timedelta(minutes=30)


@pytest.fixture
def signed(weekly, tech):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    results = all_ok(order, "35")
    first = order.lines.order_by("equipment_code").first()
    results[first.pk] = [{"result": "not_ok"}, {"result": "ok", "value": "41"}]
    return svc.work_order_complete(actor=tech, order=order, results=results,
                                   findings="一号机镜头有蜘蛛网，已清理", password=PASSWORD,
                                   now=SIGNED)


def _query(site):
    return f"?site={site.pk}&start=2026-11-01&end=2026-11-30"


def test_r_equip_2_record_prints_names_and_local_times(client, signed, tech, head, kit):
    client.force_login(head)
    page = client.get("/care/maintenance/record/" + _query(kit["site"])).content.decode()
    assert "王技术" in page and tech.username not in page
    assert "2026-11-28 09:30" in page and "01:30" not in page
    assert "CAM-1" in page and "CAM-2" in page
    assert "一号机镜头有蜘蛛网" in page and "41 °C" in page
    assert "data-print" in page


def test_r_equip_2_record_in_excel_has_the_rows(client, signed, kit, head):
    client.force_login(head)
    response = client.get("/care/maintenance/record.xlsx" + _query(kit["site"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 2  # one per camera
    assert {r[2].split()[0] for r in rows} == {"CAM-1", "CAM-2"}
    assert all(r[6] == "王技术" and r[7] == "2026-11-28 09:30" for r in rows)
    assert rows[0][0].date() == dt.date(2026, 11, 28)


def test_r_equip_2_the_order_page_signs_on_a_phone(client, weekly, tech, kit):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    client.force_login(tech)
    url = f"/care/maintenance/orders/{order.pk}/"
    page = client.get(url).content.decode()
    assert 'data-testid="sign-form"' in page and 'type="password"' in page
    assert 'inputmode="decimal"' in page and "width=device-width" in page
    data = {"findings": "", "password": "wrong"}
    for line in order.lines.all():
        data[f"r_{line.pk}_0"] = "ok"
        data[f"r_{line.pk}_1"] = "ok"
        data[f"v_{line.pk}_1"] = "36"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "R-EQUIP-2" in refused.content.decode()
    assert WorkOrder.objects.get().status == "open"
    photo = io.BytesIO(png())
    photo.name = "镜头.png"
    done = client.post(url, {**data, "password": PASSWORD, "photos": [photo]})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.status == "done" and order.photos.count() == 1
    page = client.get(url).content.decode()
    assert 'data-testid="signed"' in page and 'data-testid="sign-form"' not in page
    assert client.get(f"/care/maintenance/photos/{order.photos.get().pk}/").status_code == 200


def test_r_equip_2_a_text_file_named_jpg_is_refused_on_the_page(client, weekly, tech):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    client.force_login(tech)
    data = {"password": PASSWORD}
    for line in order.lines.all():
        data |= {f"r_{line.pk}_0": "ok", f"r_{line.pk}_1": "ok", f"v_{line.pk}_1": "36"}
    fake = io.BytesIO(b"just some text, not a picture")
    fake.name = "photo.jpg"
    response = client.post(f"/care/maintenance/orders/{order.pk}/", {**data, "photos": [fake]})
    assert response.status_code == 200 and "R-EQUIP-2" in response.content.decode()
    assert WorkOrder.objects.get().status == "open"


def test_r_equip_2_buttons_only_when_allowed(client, weekly, tech, head, operator):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    url = f"/care/maintenance/orders/{order.pk}/"
    client.force_login(head)
    page = client.get(url).content.decode()
    assert 'data-testid="sign-form"' not in page  # room heads assign, technicians sign
    assert "/assign/" in page and 'data-testid="take"' not in page
    client.force_login(tech)
    page = client.get(url).content.decode()
    assert 'data-testid="sign-form"' in page and 'data-testid="take"' in page
    client.force_login(operator)
    assert client.get(url).status_code == 403
    assert client.get("/care/maintenance/plans/").status_code == 403


def test_r_equip_2_a_not_ok_item_offers_to_report_a_fault(client, weekly, tech, signed):
    client.force_login(tech)
    page = client.get(f"/care/maintenance/orders/{signed.pk}/").content.decode()
    first = signed.lines.order_by("equipment_code").first()
    assert page.count('data-testid="report-fault"') == 1  # only CAM-1's item was not OK
    link = f"/care/faults/report/?equipment=devices.camera%3A{first.equipment_id}"
    assert link in page
    form = client.get(link.replace("%3A", ":")).content.decode()
    assert f'value="devices.camera:{first.equipment_id}" selected' in form


def test_r_equip_2_plans_page_makes_the_default_plans(client, kit, head):
    client.force_login(head)
    page = client.get("/care/maintenance/plans/").content.decode()
    assert 'data-testid="plan-defaults"' in page
    response = client.post("/care/maintenance/plans/defaults/", {"site": kit["site"].pk})
    assert response.status_code == 302
    page = client.get("/care/maintenance/plans/").content.decode()
    assert "摄像机每周技术维护" in page
    response = client.post("/care/maintenance/plans/new/", {
        "site": kit["site"].pk, "name": "UPS 月检", "work": "other",
        "equipment_model": "devices.recorder", "interval_days": "30",
        "starts_on": "2026-12-01", "checklist": "外观检查\n温度 | °C"})
    assert response.status_code == 302


def test_r_equip_2_plan_edited_on_its_page(client, weekly, tech, kit):
    client.force_login(tech)
    url = f"/care/maintenance/plans/{weekly.pk}/"
    page = client.get(url).content.decode()
    assert "温度 | °C" in page
    response = client.post(url, {
        "name": weekly.name, "work": "maintenance", "equipment_model": "devices.camera",
        "interval_days": "14", "starts_on": "2026-11-28", "checklist": "图像清晰\n温度 | °C"})
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert weekly.interval_days == 14 and weekly.equipment_id is None
    response = client.post(url, {
        "name": weekly.name, "work": "maintenance", "equipment_model": "devices.camera",
        "equipment_code": "CAM-2", "interval_days": "14", "starts_on": "2026-11-28",
        "checklist": "图像清晰\n温度 | °C"})
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert weekly.equipment_id == kit["cameras"][1].pk
    assert 'value="CAM-2"' in client.get(url).content.decode()
    response = client.post(url, {
        "name": weekly.name, "work": "maintenance", "equipment_model": "devices.camera",
        "equipment_code": "NOPE", "interval_days": "14", "starts_on": "2026-11-28",
        "checklist": "图像清晰"})
    assert response.status_code == 200
    response = client.post(url, {
        "name": weekly.name, "work": "maintenance", "equipment_model": "devices.camera",
        "interval_days": "14", "starts_on": "2026-11-28", "checklist": ""})
    assert response.status_code == 200  # an empty checklist is refused on the form
    client.post(f"/care/maintenance/plans/{weekly.pk}/retire/")
    weekly.refresh_from_db()
    assert not weekly.active
