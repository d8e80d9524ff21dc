"""A believable demo hospital, built through the same services as real data."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from watchroom.audit.context import Process
from watchroom.care import services as care
from watchroom.care.choices import FaultCategory, FaultSource
from watchroom.care.services import maintenance as care_maintenance
from watchroom.core import services as core
from watchroom.core.choices import ProfileKind, Role
from watchroom.core.models import Area, PolicyProfile, Site
from watchroom.core.roles import GUARDED_ROLES
from watchroom.core.services import installation
from watchroom.core.services import rooms_and_scope as core_scope
from watchroom.devices import demo_plan
from watchroom.devices import services as devices
from watchroom.devices.models import Camera
from watchroom.duty import services as duty
from watchroom.duty.selectors import shifts
from watchroom.env import envint
from watchroom.health.services import blocks as health_blocks
from watchroom.health.services import changes as health_changes
from watchroom.incidents import services as incidents
from watchroom.live import services as live
from watchroom.recording.recorder import testcameras
from watchroom.twofactor import services as twofactor

TEST_PATTERN_AREA = "MZ-DT"


def test_camera_port() -> int:
    return envint("WATCHROOM_DEMO_CAMERA_PORT", 56100, minimum=1024)


DEMO_PASSWORD = "Watchroom-demo-2026"  # noqa: S105 - printed for the demo on purpose
# The approvers' authenticator key, printed for the demo so that any TOTP app can sign.
DEMO_TOTP_SECRET = "WATCHRMDEMQAUTHKEYXXTOTP"  # noqa: S105
DEMO_APPROVERS = ("zhangwei", "yanghua")
ACTOR = Process("demo")

PROFILES = [
    # The demo checks its cameras every minute, so that the camera that goes black for a
    # minute an hour is caught (R-EQUIP-3).
    (ProfileKind.HOSPITAL, "医院标准", {"retention_days": 90, "handover_early_minutes": 15,
     "health_check_minutes": 1,
     "approval_chains": {"internal": ["security_chief", "deputy_director"],
                         "patient": ["security_chief", "deputy_director"],
                         "police": ["security_chief", "deputy_director"],
                         "judicial": ["security_chief", "deputy_director"],
                         "other": ["security_chief", "deputy_director"]}}),
    (ProfileKind.ENTERPRISE, "企业标准", {"retention_days": 30, "handover_early_minutes": 10,
     "approval_chains": {"internal": ["deputy_director"], "police": ["security_chief",
                                                                     "deputy_director"]}}),
    (ProfileKind.SCHOOL, "学校标准", {"retention_days": 30, "handover_early_minutes": 10,
     "approval_chains": {"internal": ["security_chief"], "police": ["security_chief",
                                                                    "deputy_director"]}}),
    (ProfileKind.PROPERTY, "物业标准", {"retention_days": 30, "handover_early_minutes": 10,
     "approval_chains": {"internal": ["security_chief"], "other": ["security_chief"]}}),
]

SITES = [("MAIN", "总院区", "健康路 1 号"), ("EAST", "东院区", "滨江大道 88 号")]

DEPARTMENTS = [
    ("BWK", "保卫科", "MAIN", "8001"), ("YWK", "医务科", "MAIN", "8002"),
    ("HLB", "护理部", "MAIN", "8003"), ("MZB", "门诊部", "MAIN", "8004"),
    ("JZK", "急诊科", "MAIN", "8005"), ("YJK", "药剂科", "MAIN", "8006"),
    ("ZWK", "总务科", "EAST", "8007"), ("XXK", "信息科", "EAST", "8008"),
]

# (code, name, site, responsible department, privacy-sensitive, cameras)
AREAS = [
    ("MZ-DT", "门诊大厅", "MAIN", "MZB", False, 4),
    ("MZ-SF", "门诊收费处", "MAIN", "MZB", False, 2),
    ("JZ-DT", "急诊大厅", "MAIN", "JZK", False, 3),
    ("JZ-QJ", "急诊抢救室通道", "MAIN", "JZK", False, 2),
    ("YF-MZ", "门诊药房", "MAIN", "YJK", False, 2),
    ("ZY-DT", "住院部电梯厅", "MAIN", "HLB", False, 3),
    ("CK-ZL", "产科病房走廊", "MAIN", "HLB", True, 2),
    ("SS-TD", "手术室通道", "MAIN", "YWK", True, 2),
    ("ICU-DH", "ICU 家属等候区", "MAIN", "YWK", True, 1),
    ("JSK-BQ", "精神科病区走廊", "MAIN", "YWK", True, 2),
    ("TCC-RK", "地下停车场入口", "MAIN", "BWK", False, 3),
    ("ZJ-DC", "周界东侧", "MAIN", "BWK", False, 2),
    ("JKS-NB", "监控中心内部", "MAIN", "BWK", False, 1),
    ("DY-MZ", "东院门诊大厅", "EAST", "ZWK", False, 3),
    ("DY-HY", "东院后勤仓库", "EAST", "ZWK", False, 2),
    ("DY-JF", "东院信息机房", "EAST", "XXK", False, 2),
    ("DY-DM", "东院大门", "EAST", "ZWK", False, 4),
]

STAFF = [
    ("liqiang", "李强", Role.OPERATOR, "BWK", "监控员"),
    ("wangfang", "王芳", Role.OPERATOR, "BWK", "监控员"),
    ("zhaolei", "赵磊", Role.OPERATOR, "BWK", "监控员"),
    ("sunli", "孙丽", Role.OPERATOR, "BWK", "监控员"),
    ("zhouyang", "周扬", Role.OPERATOR, "BWK", "监控员"),
    ("wujing", "吴静", Role.OPERATOR, "BWK", "监控员"),
    ("zhengtao", "郑涛", Role.OPERATOR, "BWK", "监控员"),
    ("chenjing", "陈静", Role.OPERATOR, "BWK", "监控员"),
    ("liuyang", "刘洋", Role.SHIFT_LEAD, "BWK", "监控室负责人"),
    ("huangmin", "黄敏", Role.SHIFT_LEAD, "BWK", "值班干部"),
    ("zhangwei", "张伟", Role.SECURITY_CHIEF, "BWK", "保卫科长"),
    ("yanghua", "杨华", Role.DEPUTY_DIRECTOR, "YWK", "分管副院长"),
    ("xuming", "徐明", Role.TECHNICIAN, "XXK", "弱电技术员"),
    ("hegang", "何刚", Role.TECHNICIAN, "ZWK", "动力装备技术员"),
    ("guoli", "郭丽", Role.AUDITOR, "YWK", "监督检查员"),
    ("lina", "李娜", Role.REQUESTER, "YWK", "医务科干事"),
    ("admin", "系统管理员", Role.ADMINISTRATOR, "XXK", "系统管理员"),
]


def is_loaded() -> bool:
    return Site.objects.filter(code="MAIN").exists()


@transaction.atomic
def load() -> dict:
    """Build the demo hospital; returns what was made. Loading twice changes nothing."""
    if is_loaded():
        return {"loaded": False}
    profiles = {}
    for kind, name, numbers in PROFILES:
        existing = PolicyProfile.objects.filter(name=name).first()
        profiles[kind] = existing or core.policy_profile_create(
            actor=ACTOR, kind=kind, name=name, **numbers
        )
    sites = {code: core.site_create(actor=ACTOR, code=code, name=name, address=address,
                                    policy=profiles[ProfileKind.HOSPITAL])
             for code, name, address in SITES}
    departments = {code: core.department_create(actor=ACTOR, code=code, name=name,
                                                site=sites[site], phone=phone)
                   for code, name, site, phone in DEPARTMENTS}
    room = core.room_create(actor=ACTOR, site=sites["MAIN"], code="JKZX", name="总院区监控中心",
                            location="门诊楼一层东侧", phone="8110", capacity=6)
    recorders = {
        site: devices.recorder_create(
            actor=ACTOR, code=f"NVR-{n}", name=f"{sites[site].name}网络硬盘录像机",
            site=sites[site], kind="nvr", address=f"10.10.{n}.250", channels=32,
            location="监控中心机柜" if site == "MAIN" else "东院信息机房",
            supplier="海康威视", model_name="DS-9632NX-I16", serial_no=f"NVR2024{n:04d}",
            install_date=dt.date(2024, 3, 1),
        )
        for n, site in enumerate(["MAIN", "EAST"], start=1)
    }
    devices.storage_create(actor=ACTOR, code="STO-1", name="总院区录像存储", site=sites["MAIN"],
                           recorder=recorders["MAIN"], kind="disk", capacity_tb="64.00",
                           location="监控中心机柜", supplier="希捷", model_name="ST8000VE001")
    devices.storage_create(actor=ACTOR, code="STO-2", name="东院区录像存储", site=sites["EAST"],
                           recorder=recorders["EAST"], kind="disk", capacity_tb="32.00",
                           location="东院信息机房", supplier="希捷", model_name="ST8000VE001")
    devices.display_create(actor=ACTOR, code="WALL-1", name="监控中心电视墙", room=room,
                           size_inches=55, location="监控中心北墙", supplier="海康威视",
                           model_name="DS-D2055NL")
    _network_and_power(sites["MAIN"])
    own = devices.recorder_create(
        actor=ACTOR, code="WR-1", name="监控中心 Watchroom 录像服务器", site=sites["MAIN"],
        kind="watchroom", address="127.0.0.1", channels=4, location="监控中心机柜",
        supplier="自建", model_name="Watchroom", serial_no="WR20260001",
        install_date=dt.date(2026, 1, 10),
    )
    recorded = 0
    number = 0
    for code, name, site, department, sensitive, count in AREAS:
        area = core.area_create(actor=ACTOR, site=sites[site], code=code, name=name,
                                department=departments[department],
                                privacy_sensitive=sensitive)
        subnet = "10.10.1" if site == "MAIN" else "10.10.2"
        for index in range(1, count + 1):
            number += 1
            # The outpatient hall's cameras are the test patterns Watchroom records itself.
            ours = code == TEST_PATTERN_AREA
            stream_url = (testcameras.url(test_camera_port(), recorded) if ours
                          else f"rtsp://{subnet}.{number}:554/Streaming/Channels/101")
            substream_url = (testcameras.sub_url(test_camera_port(), recorded) if ours
                             else f"rtsp://{subnet}.{number}:554/Streaming/Channels/102")
            recorded += ours
            devices.camera_create(
                actor=ACTOR, code=f"CAM-{number:03d}", name=f"{name} {index} 号",
                area=area, recorder=own if ours else recorders[site],
                stream_url=stream_url, substream_url=substream_url,
                onvif_address=f"http://{subnet}.{number}/onvif/device_service",
                username="viewer", password=f"cam-{number:03d}-secret",
                resolution="640x360" if ours else "1920x1080", location=name, supplier="海康威视",
                model_name="DS-2CD3T47EWD", serial_no=f"CAM2024{number:04d}",
                install_date=dt.date(2024, 3, 15),
            )
    staff = []
    leaders = []
    for n, (username, full_name, role, department, title) in enumerate(STAFF, start=1):
        fields = dict(username=username, password=DEMO_PASSWORD, full_name=full_name,
                      employee_no=f"BW{n:03d}", department=departments[department],
                      title=title, phone=f"1390000{n:04d}")
        if role in GUARDED_ROLES:
            # R-SEC-1: approvers and the administrator are made as at installation.
            leaders.append({**fields, "role": role})
            continue
        staff.append(core.staff_create(
            actor=ACTOR, roles=[role], **fields,
            rooms=[room] if role in (Role.OPERATOR, Role.SHIFT_LEAD) else []))
    staff += installation.leaders_install(actor=ACTOR, people=leaders)
    for person in staff:
        username = person.user.username
        if username in DEMO_APPROVERS:
            twofactor.authenticator_install(actor=ACTOR, user=person.user, secret=DEMO_TOTP_SECRET)
    users = {p.user.username: p.user for p in staff}
    duty_on = _duty(room, users)
    _knowledge_scopes(users)
    _floor_plan(users["liuyang"])
    _wall(room, head=users["liuyang"], own=own)
    _faults(users)
    _maintenance(sites["MAIN"], users["xuming"])
    _blocks_and_changes(users)
    _incident(room, users)
    return {"loaded": True, "cameras": number, "staff": len(staff), "on_duty": duty_on}


def _incident(room, users) -> None:
    """R-INC-1, R-INC-3: an operator's anomaly entry about the outpatient hall, turned into
    an open incident; its area's cameras' footage is on hold from before it began."""
    operator = users["liqiang"]
    hall = Camera.objects.filter(area__code=TEST_PATTERN_AREA).order_by("code").first()
    entry = duty.log_entry_write(
        actor=operator, room=room, category="anomaly", camera=hall,
        at=timezone.now() - dt.timedelta(minutes=20),
        seen="挂号处两名家属争吵，有推搡", done="通知保安到场", told="保安队长")
    incident = incidents.incident_from_log_entry(
        actor=operator, entry=entry, category="dispute", grade="larger",
        title="门诊大厅挂号处家属争执")
    incidents.incident_note(actor=operator, incident=incident,
                            text="保安两人已到场，双方暂时分开")


def _blocks_and_changes(users) -> None:
    """R-EQUIP-5: the information department blocks a camera in its machine room for
    cabling work, approved for four hours; R-EQUIP-4: a technician's request to turn an
    outpatient camera towards the new side door, awaiting the room head."""
    now = timezone.now()
    head, technician = users["liuyang"], users["xuming"]
    machine_room = Camera.objects.filter(area__code="DY-JF").order_by("code").first()
    block = health_blocks.block_apply(
        actor=technician, camera=machine_room, reason="机柜重新布线，遮挡镜头防尘",
        starts_at=now, ends_at=now + dt.timedelta(hours=4), now=now)
    health_blocks.block_decide(actor=head, block=block, approve=True, now=now)
    hall = Camera.objects.filter(area__code="MZ-SF").order_by("code").first()
    health_changes.change_request(
        actor=technician, camera=hall, kind="angle", description="向左转约 15°，照到新开的侧门",
        reason="门诊收费处新开侧门，现角度照不到", planned_start=now + dt.timedelta(days=1),
        planned_end=now + dt.timedelta(days=1, hours=2), now=now)


# R-FOOT-6: the room's operators and heads watch the privacy-sensitive areas; 陈静, new
# in the room, is not yet in their scope, so the difference shows on the wall.
OUTSIDE_SCOPE = ("chenjing",)


def _network_and_power(site) -> None:
    """R-EQUIP-1: the main site's core switch, a PoE switch and the room's UPS."""
    import datetime as dt

    devices.network_device_create(
        actor=ACTOR, code="SW-CORE", name="监控中心核心交换机", site=site, kind="switch",
        address="10.0.0.1", ports=48, location="监控中心机柜", supplier="华为",
        model_name="S5735-L48T4X", install_date=dt.date(2019, 6, 1))
    devices.network_device_create(
        actor=ACTOR, code="SW-POE-1", name="门诊楼PoE交换机", site=site, kind="poe_switch",
        address="10.0.0.2", ports=24, location="门诊楼一层弱电间", supplier="海康威视",
        model_name="DS-3E0526P-E", install_date=dt.date(2016, 3, 15))
    devices.power_supply_create(
        actor=ACTOR, code="UPS-1", name="监控中心UPS", site=site, kind="ups",
        capacity_va=6000, battery_installed=dt.date(2021, 9, 1), location="监控中心机柜",
        supplier="山特", model_name="C6KS", install_date=dt.date(2016, 3, 15))


def _knowledge_scopes(users) -> None:
    chief = users["zhangwei"]
    watchers = [user for name, user in users.items() if name not in OUTSIDE_SCOPE
                and user.groups.filter(name__in=[Role.OPERATOR, Role.SHIFT_LEAD,
                                                 Role.SECURITY_CHIEF]).exists()]
    for area in Area.objects.filter(privacy_sensitive=True).order_by("code"):
        for person in watchers:
            core_scope.knowledge_scope_add(actor=chief, area=area, person=person)


def _floor_plan(head) -> None:
    """The outpatient hall's plan, drawn here, with its test-pattern cameras placed."""
    area = Area.objects.get(code=TEST_PATTERN_AREA)
    devices.floor_plan_upload(actor=head, area=area, name="门诊大厅平面图.png",
                              content=demo_plan.hall_png())
    places = [(0.12, 0.18), (0.86, 0.2), (0.5, 0.82), (0.2, 0.7)]
    for camera, (x, y) in zip(area.cameras.order_by("code"), places, strict=False):
        devices.camera_place(actor=head, area=area, camera=camera, x=x, y=y)


def _faults(users) -> None:
    """Two faults of cameras on the NVR (R-EQUIP-3): one reported from the duty log and
    waiting, one assigned to the technician and in repair."""
    perimeter = Camera.objects.filter(area__code="ZJ-DC").order_by("code")
    care.fault_report(actor=users["liqiang"], equipment=perimeter[0],
                      category=FaultCategory.UNCLEAR, source=FaultSource.DUTY_LOG,
                      description="夜间画面发灰，红外灯似乎不亮")
    parking = Camera.objects.filter(area__code="TCC-RK").order_by("code").first()
    fault = care.fault_report(actor=users["wangfang"], equipment=parking,
                              category=FaultCategory.IMAGE_LOSS,
                              source=FaultSource.EQUIPMENT_PAGE, description="黑屏")
    care.fault_assign(actor=users["liuyang"], fault=fault, assignee=users["xuming"])
    care.fault_repair_start(actor=users["xuming"], fault=fault)
def _maintenance(site, technician) -> None:
    """R-EQUIP-2: the regulations' plans for the main site, from its profile, and their
    first work orders."""
    care_maintenance.maintenance_defaults_apply(actor=technician, site=site)
    care_maintenance.work_orders_generate(actor=ACTOR)


def _wall(room, *, head, own) -> None:
    """The room's video wall, set by its head: the test-pattern cameras live, 2 × 2."""
    ids = list(own.cameras.order_by("code").values_list("pk", flat=True)[:4])
    live.wall_layout_save(actor=head, room=room, grid=4,
                          pages=[ids + [None] * (4 - len(ids))])


def _duty(room, users) -> list[str]:
    """This month's and next month's published rosters, the room's handover items, the
    current shift clocked on, and a few log entries."""
    head = users["liuyang"]
    today = timezone.localdate()
    for month in (today.replace(day=1), (today.replace(day=1) + dt.timedelta(days=32))):
        roster = duty.roster_generate(actor=head, room=room, month=month.replace(day=1))
        duty.roster_publish(actor=head, roster=roster)
    for name, quantity in (("监控中心钥匙", 3), ("门禁卡", 2), ("对讲机", 4), ("应急手电", 2)):
        duty.inventory_item_set(actor=head, room=room, name=name, quantity=quantity)
    current = shifts.shift_at(room, timezone.now())
    on_duty = [d.person for d in shifts.rostered(room, current)]
    # The shift on duty arrived on time, when its arrival window opened: not "late" by
    # however long after its start the demo happens to be loaded.
    arrived = shifts.arrival_due(room, current.start)
    for person in on_duty:
        duty.attendance_clock_on(actor=person, room=room, arrived_at=arrived)
    if on_duty:
        duty.log_entry_write(actor=on_duty[0], room=room,
                                 seen="接班检查：电视墙、录像机运行正常")
        duty.log_entry_write(actor=on_duty[0], room=room, category="instruction",
                        seen="保卫科通知：今晚加强住院部夜间巡查")
    return [p.username for p in on_duty]
