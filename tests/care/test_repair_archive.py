"""R-EQUIP-3: the fault pages show each button only to whoever may press it; the
repair archive (检修档案) prints and exports to Excel."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.care import support
from tests.conftest import PASSWORD
from watchroom.care import services
from watchroom.care.choices import FaultCategory, FaultSource, FaultStatus
from watchroom.care.models import Fault
from watchroom.core.choices import Role

pytestmark = pytest.mark.django_db


def _archive_url(camera, xlsx=False):
    return reverse("care:repair_archive_xlsx" if xlsx else "care:repair_archive",
                   args=["devices.camera", camera.pk])


def test_r_equip_3_report_from_the_equipment_page(client, area, user_of):
    camera = support.camera(area)
    operator = user_of(Role.OPERATOR)
    client.force_login(operator)
    page = client.get(reverse("devices:camera_detail", args=[camera.pk])).content.decode()
    assert reverse("care:fault_report") in page
    url = reverse("care:fault_report") + f"?equipment=devices.camera:{camera.pk}" \
        "&source=equipment_page"
    assert client.get(url).status_code == 200
    response = client.post(url, {"equipment": f"devices.camera:{camera.pk}",
                                 "category": FaultCategory.NOISE, "description": "嗡嗡响",
                                 "source": FaultSource.EQUIPMENT_PAGE})
    fault = Fault.objects.get()
    assert response.status_code == 302 and response.url == fault.get_absolute_url()
    assert (fault.reported_by, fault.source) == (operator, FaultSource.EQUIPMENT_PAGE)


def test_r_equip_3_buttons_only_when_allowed(client, area, user_of):
    camera = support.camera(area)
    operator, tech, head = user_of(Role.OPERATOR), user_of(Role.TECHNICIAN), \
        user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=operator, equipment=camera,
                                  category=FaultCategory.IMAGE_LOSS)
    url = fault.get_absolute_url()

    def forms_for(user):
        client.force_login(user)
        page = client.get(url).content.decode()
        return {name for name in ("assign", "start", "repair", "close")
                if f'data-testid="{name}"' in page}

    assert forms_for(operator) == set()
    assert forms_for(head) == {"assign"}
    assert forms_for(tech) == {"assign", "start"}
    client.force_login(tech)
    client.post(reverse("care:fault_repair_start", args=[fault.pk]))
    assert forms_for(tech) == {"assign", "repair"}
    client.force_login(tech)
    client.post(reverse("care:fault_repair_record", args=[fault.pk]), {
        "cause_found": "镜头进水", "work_done": "更换镜头", "password": "wrong"})
    fault.refresh_from_db()
    assert fault.status == FaultStatus.IN_REPAIR  # refused, shown on the page
    client.post(reverse("care:fault_repair_record", args=[fault.pk]), {
        "cause_found": "镜头进水", "work_done": "更换镜头", "password": PASSWORD})
    fault.refresh_from_db()
    assert fault.status == FaultStatus.REPAIRED
    assert "close" not in forms_for(head)  # no proving check yet
    support.health_check(camera, fault.repairs.get().recorded_at + dt.timedelta(minutes=1))
    assert "close" in forms_for(head)
    client.force_login(head)
    client.post(reverse("care:fault_close", args=[fault.pk]), {"note": "画面正常"})
    fault.refresh_from_db()
    assert fault.status == FaultStatus.CLOSED
    assert forms_for(tech) == set()


def test_r_equip_3_list_shows_overdue_in_red(client, area, user_of):
    from django.utils import timezone
    operator = user_of(Role.OPERATOR)
    services.fault_report(actor=operator, equipment=support.camera(area),
                          category=FaultCategory.OTHER,
                          now=timezone.now() - dt.timedelta(hours=30))
    client.force_login(operator)
    page = client.get(reverse("care:fault_list")).content.decode()
    assert "data-overdue" in page
    assert client.get(reverse("care:fault_list") + "?overdue=1").status_code == 200


def test_repair_archive_prints_and_exports(client, area, user_of):
    camera = support.camera(area)
    tech, head = user_of(Role.TECHNICIAN), user_of(Role.SHIFT_LEAD)
    fault = services.fault_report(actor=head, equipment=camera, category=FaultCategory.UNCLEAR,
                                  description="夜间画面模糊")
    services.fault_repair_start(actor=tech, fault=fault)
    services.fault_repair_record(actor=tech, fault=fault, cause_found="红外灯损坏",
                                 work_done="更换红外灯板", parts="红外灯板",
                                 vendor="大华售后", password=PASSWORD)
    services.fault_report(actor=head, equipment=camera, category=FaultCategory.NOISE,
                          cause="noise", description="异响")
    client.force_login(head)
    page = client.get(_archive_url(camera)).content.decode()
    assert "红外灯损坏" in page and "data-print" in page
    response = client.get(_archive_url(camera, xlsx=True))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [[c for c in row if c] for row in book.active.iter_rows(values_only=True)]
    flat = [cell for row in values for cell in row]
    assert "红外灯板" in flat and "大华售后 (" in " ".join(flat) and "异响" in flat
    assert sum(1 for row in values[3:] if row) == 2


def test_r_equip_3_report_from_the_duty_log(client, room, make_staff):
    operator = make_staff(Role.OPERATOR, rooms=[room]).user
    client.force_login(operator)
    page = client.get(reverse("duty:log", args=[room.pk])).content.decode()
    assert reverse("care:fault_report") + "?source=duty_log" in page
    form = client.get(reverse("care:fault_report") + "?source=duty_log&description=冒烟")
    assert form.context["form"].initial["source"] == "duty_log"
    assert form.context["form"].initial["description"] == "冒烟"
