"""R-EQUIP-2: maintenance plans make work orders ahead of their due dates, once; a
technician signs the work with their own password; an order past its due date alerts the
room heads once and the alert closes when the order is signed. On a controlled clock."""

import datetime as dt

import pytest

from tests.care.conftest import START, all_ok
from tests.conftest import PASSWORD, SYSTEM
from tests.support.plans import jpeg, png
from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.care import photos as photo_files
from watchroom.care.models import MaintenancePlan, WorkOrder, WorkOrderLine, WorkOrderPhoto
from watchroom.care.selectors import maintenance as sel
from watchroom.care.services import maintenance as svc
from watchroom.devices import services as devices
from watchroom.notifications.models import Notification
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def test_r_equip_2_orders_are_made_ahead_once(weekly, kit):
    # three days before the first due date: nothing yet for the week after
    made = svc.work_orders_generate(actor=SYSTEM, now=START - 4 * DAY)
    assert made == []
    made = svc.work_orders_generate(actor=SYSTEM, now=START - 3 * DAY)
    assert [o.due_date for o in made] == [START.date()]
    order = made[0]
    assert order.lines.count() == 2  # one order for the site's cameras, a line for each
    assert sorted(order.lines.values_list("equipment_code", flat=True)) == ["CAM-1", "CAM-2"]
    assert order.checklist == weekly.checklist
    # run again, and again the next hour: nothing more
    assert svc.work_orders_generate(actor=SYSTEM, now=START - 3 * DAY) == []
    assert svc.work_orders_generate(actor=SYSTEM, now=START) == []
    assert WorkOrder.objects.count() == 1
    # four days later the next week's order is made (3 days ahead of its due date)
    made = svc.work_orders_generate(actor=SYSTEM, now=START + 4 * DAY)
    assert [o.due_date for o in made] == [START.date() + 7 * DAY]
    assert AuditEvent.objects.filter(action="care.work_order_made").count() == 2


def test_r_equip_2_a_retired_camera_and_plan_make_nothing(weekly, kit, tech):
    devices.camera_update(actor=SYSTEM, camera=kit["cameras"][1], status="retired")
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    assert order.lines.count() == 1
    svc.maintenance_plan_retire(actor=tech, plan=weekly)
    assert svc.work_orders_generate(actor=SYSTEM, now=START + 7 * DAY) == []


def test_r_equip_2_signing_refuses_a_wrong_password_and_changes_nothing(weekly, tech):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    with pytest.raises(RuleViolation) as refused:
        svc.work_order_complete(actor=tech, order=order, results=all_ok(order),
                                photos=[png()], password="wrong", now=START)
    assert refused.value.rule_id == "R-EQUIP-2" and refused.value.status == 403
    order.refresh_from_db()
    assert order.status == "open" and order.done_by is None
    assert not WorkOrderPhoto.objects.exists()
    assert all(line.results == [] for line in WorkOrderLine.objects.all())
    assert AuditEvent.objects.filter(action="rule.refused").exists()


def test_r_equip_2_signed_order_keeps_results_and_never_changes(weekly, tech, tech2):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    done = svc.work_order_complete(actor=tech, order=order, results=all_ok(order, "36,5"),
                                   findings="", photos=[jpeg(), png()],
                                   password=PASSWORD, now=START)
    assert done.status == "done" and done.done_by == tech and done.done_at == START
    assert [line.results[1]["value"] for line in done.lines.all()] == ["36.5", "36.5"]
    assert done.photos.count() == 2
    for photo in done.photos.all():
        kept = photo_files.photo_path(photo.path)
        assert kept.exists() and photo.sha256 in kept.name
    assert AuditEvent.objects.filter(action="care.work_order_signed").count() == 1
    with pytest.raises(RuleViolation, match="never changes"):
        svc.work_order_complete(actor=tech2, order=done, results=all_ok(order),
                                password=PASSWORD)
    with pytest.raises(RuleViolation, match="never changes"):
        svc.work_order_assign(actor=tech2, order=done, assignee=tech2)
    assert sel.work_order_complete_refusal(tech2, done) is not None


def test_r_equip_2_every_item_answered_and_findings_when_not_ok(weekly, tech):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    line = order.lines.first()
    partial = all_ok(order)
    partial[line.pk] = [{"result": "ok"}]
    with pytest.raises(RuleViolation, match="say OK or not OK"):
        svc.work_order_complete(actor=tech, order=order, results=partial, password=PASSWORD)
    missing_value = all_ok(order, value="")
    with pytest.raises(RuleViolation, match="measured value"):
        svc.work_order_complete(actor=tech, order=order, results=missing_value,
                                password=PASSWORD)
    bad = all_ok(order)
    bad[line.pk] = [{"result": "not_ok"}, {"result": "ok", "value": "31"}]
    with pytest.raises(RuleViolation, match="what you found"):
        svc.work_order_complete(actor=tech, order=order, results=bad, password=PASSWORD)
    done = svc.work_order_complete(actor=tech, order=order, results=bad, password=PASSWORD,
                                   findings="镜头有蜘蛛网，已清理")
    assert done.lines.get(pk=line.pk).results[0]["result"] == "not_ok"


def test_r_equip_2_photos_must_be_real_pictures(weekly, tech):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    text_as_jpeg = b"\xff\xd8\xff this is a text file renamed photo.jpg"
    for fake in (b"hello, I am a text file", text_as_jpeg):
        with pytest.raises(RuleViolation) as refused:
            svc.work_order_complete(actor=tech, order=order, results=all_ok(order),
                                    photos=[fake], password=PASSWORD)
        assert refused.value.fields.get("photos")
    order.refresh_from_db()
    assert order.status == "open" and not WorkOrderPhoto.objects.exists()


def test_r_equip_2_only_technicians_sign(weekly, head, operator):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    for who in (head, operator):
        assert sel.work_order_complete_refusal(who, order) is not None
        with pytest.raises(RuleViolation, match="Only technicians"):
            svc.work_order_complete(actor=who, order=order, results=all_ok(order),
                                    password=PASSWORD)


def test_r_equip_2_overdue_alerts_once_and_closes_when_signed(weekly, tech, head):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    assert svc.work_orders_overdue_check(actor=SYSTEM, now=START + 12 * dt.timedelta(
        hours=1)) == 0  # due today: the whole day is allowed
    late = START + DAY
    assert svc.work_orders_overdue_check(actor=SYSTEM, now=late) == 1
    assert svc.work_orders_overdue_check(actor=SYSTEM, now=late + dt.timedelta(minutes=15)) == 1
    alert = Alert.objects.get(kind="care.maintenance_overdue")
    assert alert.key == svc.overdue_key(order) and alert.closed_at is None
    assert Notification.objects.filter(user=head).count() == 1
    svc.work_order_complete(actor=tech, order=order, results=all_ok(order),
                            password=PASSWORD, now=late)
    alert.refresh_from_db()
    assert alert.closed_at is not None
    assert svc.work_orders_overdue_check(actor=SYSTEM, now=late + DAY) == 0
    assert Alert.objects.filter(kind="care.maintenance_overdue").count() == 1
    assert Notification.objects.filter(user=head).count() == 1


def test_r_equip_2_plans_kept_by_technicians_and_room_heads(kit, tech, head, operator):
    assert sel.plan_add_refusal(operator) is not None
    with pytest.raises(RuleViolation):
        svc.maintenance_plan_create(actor=operator, site=kit["site"], name="x",
                                    work="other", equipment_model="devices.camera",
                                    interval_days=7, checklist=[{"text": "a"}])
    plan = svc.maintenance_plan_create(actor=head, site=kit["site"], name="录像机除尘",
                                       work="recorder_dusting",
                                       equipment_model="devices.recorder",
                                       equipment_id=kit["recorder"].pk, interval_days=14,
                                       checklist=[{"text": "除尘"}])
    assert sel.covered_equipment(plan) == [kit["recorder"]]
    svc.maintenance_plan_change(actor=tech, plan=plan, interval_days=10)
    assert MaintenancePlan.objects.get(pk=plan.pk).interval_days == 10
    for bad in ({"equipment_model": "core.site"}, {"checklist": []},
                {"equipment_model": "devices.nothing"}):
        with pytest.raises(RuleViolation) as refused:
            svc.maintenance_plan_change(actor=tech, plan=plan, **bad)
        assert refused.value.status == 400


def test_r_equip_2_default_plans_from_the_profile(kit, head):
    policy = kit["site"].policy
    made = svc.maintenance_defaults_apply(actor=head, site=kit["site"])
    by_work = {p.work: p for p in made}
    assert by_work["maintenance"].interval_days == policy.maintenance_days == 7
    assert by_work["lens_cleaning"].interval_days == policy.lens_cleaning_days == 30
    assert by_work["storage_check"].interval_days == policy.storage_check_days
    assert any("蜘蛛网" in i["text"] or "cobwebs" in i["text"]
               for i in by_work["lens_cleaning"].checklist)
    # again: nothing more
    assert svc.maintenance_defaults_apply(actor=head, site=kit["site"]) == []


def test_r_equip_2_the_worker_job_makes_orders_and_alerts(weekly, head, time_machine):
    from watchroom import scheduler
    from watchroom.care import tasks

    job, = [j for j in scheduler.jobs() if j.name == "care.maintenance"]
    assert job.every == dt.timedelta(minutes=15)
    time_machine.move_to(START, tick=False)
    assert tasks.maintenance_task.call() == 1
    assert tasks.maintenance_task.call() == 0
    time_machine.move_to(START + 2 * DAY, tick=False)
    tasks.maintenance_task.call()
    assert Alert.objects.filter(kind="care.maintenance_overdue", closed_at=None).count() == 1
    assert Notification.objects.filter(user=head).count() == 1


def test_r_equip_2_orders_keep_the_checklist_they_were_made_with(weekly, tech):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    svc.maintenance_plan_change(actor=tech, plan=weekly, checklist=[{"text": "新项目"}])
    order.refresh_from_db()
    assert [i["text"] for i in order.checklist] == ["图像清晰", "温度"]
    later, = svc.work_orders_generate(actor=SYSTEM, now=START + 7 * DAY)
    assert [i["text"] for i in later.checklist] == ["新项目"]


def test_r_equip_2_an_items_maintenance_history(weekly, tech, kit):
    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    svc.work_order_complete(actor=tech, order=order, results=all_ok(order, "33"),
                            password=PASSWORD, now=START)
    svc.work_orders_generate(actor=SYSTEM, now=START + 7 * DAY)
    history = sel.equipment_maintenance(kit["cameras"][0])
    assert [h["order"].due_date for h in history] == [START.date() + 7 * DAY, START.date()]
    assert history[1]["values"] == "温度: 33 °C" and history[1]["not_ok"] == ""
    assert sel.equipment_maintenance(kit["recorder"]) == []


def test_r_equip_2_the_database_refuses_changing_a_signed_order(weekly, tech):
    from django.db import DatabaseError, transaction

    order, = svc.work_orders_generate(actor=SYSTEM, now=START)
    WorkOrder.objects.filter(pk=order.pk).update(findings="还没签字，可以改")  # open: allowed
    done = svc.work_order_complete(actor=tech, order=order, results=all_ok(order),
                                   password=PASSWORD, now=START)
    line = done.lines.first()
    for change in (
        lambda: WorkOrder.objects.filter(pk=done.pk).update(findings="改写"),
        lambda: WorkOrder.objects.filter(pk=done.pk).update(status="open"),
        lambda: WorkOrderLine.objects.filter(pk=line.pk).update(results=[]),
        lambda: WorkOrderPhoto.objects.create(order=done, sha256="0" * 64, path="x.png",
                                              content_type="image/png", width=16,
                                              height=16, added_at=START),
    ):
        with pytest.raises(DatabaseError, match="R-EQUIP-2"), transaction.atomic():
            change()
    done.refresh_from_db()
    assert done.status == "done" and done.findings == ""
