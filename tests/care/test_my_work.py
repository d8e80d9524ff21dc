"""The technician's "my work" page: maintenance due this week and overdue, theirs and
the unassigned, the overdue first; the menu entry only for those who do the work."""

import datetime as dt

import pytest

from tests.care.conftest import START
from tests.conftest import SYSTEM
from watchroom.care import services as fault_services
from watchroom.care.services import maintenance as svc

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def orders(kit, tech, tech2, weekly):
    """Last week's order (overdue, unassigned), this week's (taken by tech2), and a
    monthly storage check due in three weeks' time."""
    monthly = svc.maintenance_plan_create(
        actor=tech, site=kit["site"], name="存储月检", work="storage_check",
        equipment_model="devices.storage", interval_days=30,
        starts_on=START.date() + 21 * DAY, checklist=[{"text": "硬盘状态"}], now=START)
    late, = svc.work_orders_generate(actor=SYSTEM, now=START)
    due, = svc.work_orders_generate(actor=SYSTEM, now=START + 5 * DAY)
    svc.work_order_assign(actor=tech2, order=due, assignee=tech2)
    assert monthly.orders.count() == 0
    return {"late": late, "due": due}


def test_my_work_lists_mine_and_unassigned_overdue_first(client, orders, tech, tech2,
                                                         time_machine):
    time_machine.move_to(START + 6 * DAY, tick=False)  # next due tomorrow
    client.force_login(tech2)
    page = client.get("/care/my-work/").content.decode()
    assert page.index(f"/orders/{orders['late'].pk}/") < page.index(
        f"/orders/{orders['due'].pk}/")
    assert "逾期" in page  # the overdue one is marked
    client.force_login(tech)
    page = client.get("/care/my-work/").content.decode()
    assert f"/orders/{orders['late'].pk}/" in page  # unassigned: anyone's
    assert f"/orders/{orders['due'].pk}/" not in page  # taken by tech2
    assert "存储月检" not in page


def test_r_equip_3_my_work_lists_open_faults_by_deadline(client, orders, tech, kit):
    near, far = kit["cameras"]
    later = fault_services.fault_report(actor=tech, equipment=far, category="unclear",
                                        description="画面发灰", now=START)
    sooner = fault_services.fault_report(actor=tech, equipment=near, category="image_loss",
                                         description="黑屏", now=START - DAY)
    client.force_login(tech)
    page = client.get("/care/my-work/").content.decode()
    section = page[page.index('data-testid="my-faults"'):]
    assert section.index(f"/care/faults/{sooner.pk}/") < section.index(
        f"/care/faults/{later.pk}/")


def test_my_work_in_the_menu_only_for_technicians(client, tech, head):
    client.force_login(tech)
    assert 'href="/care/my-work/"' in client.get("/").content.decode()
    assert client.get("/care/my-work/").status_code == 200
    client.force_login(head)
    assert 'href="/care/my-work/"' not in client.get("/").content.decode()
    assert client.get("/care/my-work/").status_code == 403
    assert 'href="/care/maintenance/"' in client.get("/").content.decode()


def test_room_head_assigns_an_order_on_its_page(client, weekly, head, tech, tech2,
                                               time_machine):
    time_machine.move_to(START, tick=False)
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    client.force_login(head)
    response = client.post(f"/care/maintenance/orders/{order.pk}/assign/",
                           {"assignee": tech.pk})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.assigned_to == tech
    # a room head cannot sign it: the page says why, nothing changes
    client.post(f"/care/maintenance/orders/{order.pk}/", {"password": "x"})
    order.refresh_from_db()
    assert order.status == "open"
    client.force_login(tech2)
    assert f"/orders/{order.pk}/" not in client.get("/care/my-work/").content.decode()
    client.force_login(tech)
    page = client.get("/care/my-work/").content.decode()
    assert f"/orders/{order.pk}/" in page and "王技术" in page
