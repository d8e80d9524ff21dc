"""Duty benchmark: the duty-log page with a filter, creating a log entry and opening the
handover form, for a large room with ten years of data (2 million log entries, 30,000
handovers) on PostgreSQL, each against an empty Django view measured in the same run.

    uv run python bench/duty.py [--entries N] [--handovers N] [--requests N] [--explain]
                                [--profile FIGURE[,FIGURE]] [--quick]

Prints `name=value` lines: `<page>_p50_ms`, `<page>_p95_ms`, `<page>_p95_ratio` (p95 ÷
the empty view's p95), `<page>_p95_frame_ratio` (÷ the empty signed-in page's p95) and
`<page>_queries` for each page; p50, p95, ratio and queries of the three baselines
(`empty`, `signed_in`, `frame`); `entries`, `handovers`, `load_s`. The database is a throwaway one:
`watchroom_bench_duty`, created and dropped on the server named by BENCH_POSTGRES_URL
(default postgres://postgres@127.0.0.1:5432/postgres). `--explain` also writes each
page's slowest queries with their plans to stderr.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import types
from urllib.parse import urlsplit, urlunsplit

PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = "watchroom_bench_duty"  # not watchroom_bench: other benchmarks drop that one
TARGET_P95_MS = 100
TARGET_RATIO = 5
YEARS = 10
SHIFT = dt.timedelta(hours=8)
TEAM = 3
PASSWORD = "Watchroom-bench-2026"  # noqa: S105 (throwaway accounts)
SEARCH_WORD = "遗失"  # in about one entry of a hundred
ABSENT_WORD = "粤B·7Q261"  # a plate number no entry holds: every year is read

PLACES = ["门诊大厅", "急诊入口", "住院部一楼", "住院部三楼走廊", "地下停车场B1", "地下停车场B2",
          "药房窗口", "收费处", "儿科候诊区", "手术室外走廊", "医技楼电梯厅", "行政楼门口",
          "东门岗亭", "西门岗亭", "南门", "北门货运通道", "配电房", "太平间通道", "职工食堂",
          "发热门诊", "CT室候诊区", "住院部天台", "院区围墙东侧", "自行车棚", "污物通道"]
EVENTS = {
    "routine": ["巡查画面正常", "各点位画面清晰，无异常", "例行轮巡，未见异常",
                "人流正常，秩序良好", "夜间巡视，照明良好，画面正常", "抽查录像回放正常"],
    "anomaly": ["有人争吵，情绪激动", "有人摔倒在地", "多人聚集", "发现烟雾", "门禁被强行打开",
                "患者家属与医护人员发生冲突", "车辆违停堵塞消防通道"],
    "suspicious": ["可疑人员徘徊", "可疑人员多次进出", "发现可疑包裹", "有人尝试拉动车门",
                   "陌生人员尾随进入"],
    "equipment": ["摄像机画面模糊", "摄像机离线", "画面出现雪花", "云台无法转动", "录像机硬盘告警",
                  "摄像机镜头被遮挡", "夜视补光灯失效"],
    "retrieval": ["应保卫科要求调阅录像", "配合派出所查看录像", "患者家属申请查看录像，已登记",
                  "调取录像查找遗失物品"],
    "instruction": ["值班领导指示加强巡查", "保卫科通知今晚重点关注", "院办要求节假日期间加强值守",
                    "科长指示发现异常立即上报"],
    "other": ["停电后恢复供电", "网络短暂中断后恢复", "接到电话咨询", "消防演练"],
}
DETAILS = ["", "", "，已持续约十分钟", "，约三人", "，已通知巡逻保安前往", "，现场已处理",
           "，已截图存档", "，持续关注中", "，报修单号待补", "，身穿深色外套", "，戴口罩和帽子",
           "，保安到场后离开", "，画面已确认"]
DONE = ["通知巡逻保安到场处理", "已报修，通知技术员", "已上报值班干部", "调取录像并截图存档",
        "已劝离", "拨打110报警", "通知保洁处理", "电话联系科室确认", "继续盯防，做好记录"]
TOLD = ["值班干部", "保卫科科长", "巡逻岗", "技术员", "护士站", "110指挥中心", "后勤值班室"]
ITEMS = [("钥匙", 3), ("对讲机", 4), ("门禁卡", 2), ("交接记录本", 1), ("手电筒", 2)]
CATEGORY_MIX = (["routine"] * 62 + ["anomaly"] * 10 + ["equipment"] * 10 + ["suspicious"] * 5
                + ["retrieval"] * 5 + ["instruction"] * 4 + ["other"] * 4)


def _pg_url(dbname: str) -> str:
    parts = urlsplit(PG_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, ""))


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url(urlsplit(PG_SERVER).path.lstrip("/") or "postgres"),
                         autocommit=True) as conn:
        conn.execute(sql)


def setup_django(data_dir: str) -> None:
    os.environ["DATABASE_URL"] = _pg_url(PG_NAME)
    os.environ["WATCHROOM_DATA"] = data_dir
    os.environ["WATCHROOM_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "watchroom.settings"
    os.environ.setdefault("WATCHROOM_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import clear_url_caches

    call_command("migrate", verbosity=0)
    settings.ROOT_URLCONF = _bench_urlconf()
    clear_url_caches()


def _bench_urlconf() -> str:
    """Watchroom's URLs plus an empty view, so both pass the same middleware, and for
    reference an empty view behind the sign-in (session and user read, nothing rendered)
    and an empty signed-in page (the site's frame: menu, user, messages)."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.shortcuts import render
    from django.urls import include, path

    module = types.ModuleType("bench_duty_urls")
    module.urlpatterns = [path("bench/empty/", lambda request: HttpResponse(""),
                               name="bench_empty"),
                          path("bench/signed-in/", login_required(
                              lambda request: HttpResponse("")), name="bench_signed_in"),
                          path("bench/frame/", login_required(
                              lambda request: render(request, "base.html")),
                               name="bench_frame"),
                          path("", include("watchroom.urls"))]
    sys.modules[module.__name__] = module
    return module.__name__


# --- the room: made through the services ----------------------------------------------

def world(authors: int, cameras: int) -> types.SimpleNamespace:
    from watchroom.audit.context import Process
    from watchroom.core import services as core
    from watchroom.core.choices import ProfileKind, Role
    from watchroom.devices import services as devices
    from watchroom.duty.models import InventoryItem

    actor = Process("bench")
    policy = core.policy_profile_create(actor=actor, kind=ProfileKind.HOSPITAL, name="医院标准")
    site = core.site_create(actor=actor, code="S1", name="总院区", policy=policy)
    dept = core.department_create(actor=actor, code="D1", name="保卫科", site=site)
    room = core.room_create(actor=actor, site=site, code="R1", name="监控中心", capacity=12)
    areas = [core.area_create(actor=actor, site=site, code=f"A{n}", name=place, department=dept)
             for n, place in enumerate(PLACES)]
    cams = []
    for n in range(cameras):
        area = areas[n % len(areas)]
        cams.append(devices.camera_create(
            actor=actor, code=f"C{n:03d}", name=f"{area.name}{n}", area=area,
            stream_url=f"rtsp://198.51.100.{n // 250 + 1}/{n}"))

    def person(role: str, n: int):
        return core.staff_create(actor=actor, username=f"{role}{n}", password=PASSWORD,
                                 full_name=f"值班员{n:02d}", employee_no=f"E{n:05d}",
                                 roles=[role], department=dept, rooms=[room]).user

    for name, quantity in ITEMS:
        InventoryItem.objects.create(room=room, name=name, quantity=quantity)
    lead = person(Role.SHIFT_LEAD, 0)
    operators = [person(Role.OPERATOR, n + 1) for n in range(authors)]
    teams = [operators[k:k + TEAM] for k in range(0, len(operators) - TEAM + 1, TEAM)]
    return types.SimpleNamespace(actor=actor, policy=policy, room=room, lead=lead, teams=teams,
                                 cameras=[(c.pk, c.area_id, c.code) for c in cams])


# --- ten years of history: COPY ------------------------------------------------------

def _seen(rng: random.Random, category: str) -> str:
    text = f"{rng.choice(PLACES)}{rng.choice(EVENTS[category])}{rng.choice(DETAILS)}"
    if rng.random() < 0.3:
        text += rng.choice(DETAILS[2:])
    return text if len(text) >= 10 else text + "，画面已确认"


def _texts(rng: random.Random, category: str) -> tuple[str, str, str]:
    serious = category != "routine"
    done = rng.choice(DONE) if rng.random() < (0.8 if serious else 0.08) else ""
    told = rng.choice(TOLD) if rng.random() < (0.4 if serious else 0.02) else ""
    return _seen(rng, category)[:60], done, told


def _entry_rows(w, count: int, start: dt.datetime, end: dt.datetime, locks: list[dt.datetime],
                rng: random.Random):
    """Entries in time order, evenly spread with jitter; an entry is locked by the first
    accepted handover after it."""
    step = (end - start) / count
    next_lock = 0
    for i in range(count):
        at = start + step * (i + rng.random())
        while next_lock < len(locks) and locks[next_lock] < at:
            next_lock += 1
        team = w.teams[int((at - start) / SHIFT) % len(w.teams)]
        camera_id, area_id, _code = rng.choice(w.cameras) if rng.random() < 0.5 else (None,) * 3
        category = rng.choice(CATEGORY_MIX)
        seen, done, told = _texts(rng, category)
        yield (w.room.pk, at, camera_id, area_id, category, seen, done, told,
               rng.choice(team).pk, at + dt.timedelta(seconds=rng.randint(5, 300)),
               locks[next_lock] if next_lock < len(locks) else None)


def _people(team) -> list[dict]:
    return [{"id": u.pk, "username": u.username, "name": u.staff.full_name} for u in team]


def _events(w, shift_start: dt.datetime, rng: random.Random) -> list[dict]:
    events = []
    for k in range(rng.randint(6, 14)):
        category = rng.choice(CATEGORY_MIX)
        seen, done, told = _texts(rng, category)
        at = shift_start + dt.timedelta(minutes=k * 40 + rng.randint(0, 39))
        events.append({"id": rng.randint(1, 2_000_000), "at": at.isoformat(),
                       "category": category, "seen": seen, "done": done, "told": told,
                       "camera": rng.choice(w.cameras)[2] if rng.random() < 0.5 else ""})
    return events


def _open_alerts(w, n: int, signed: dt.datetime, rng: random.Random) -> list[dict]:
    if rng.random() < 0.9:
        return []
    return [{"id": n, "kind": "camera.offline", "severity": "warning",
             "message": f"{rng.choice(w.cameras)[2]} 离线", "opened": signed.isoformat()}]


def _handover_row(w, n: int, shift_start: dt.datetime, rng: random.Random) -> tuple:
    from django.utils import timezone

    outgoing, incoming = w.teams[(n - 1) % len(w.teams)], w.teams[n % len(w.teams)]
    items = [{"name": name, "expected": q, "count": q, "ok": True, "note": ""}
             for name, q in ITEMS]
    signed = shift_start - dt.timedelta(minutes=rng.randint(8, 15))
    return (w.room.pk, shift_start, json.dumps(_people(outgoing), ensure_ascii=False),
            json.dumps(_people(incoming), ensure_ascii=False), "accepted",
            json.dumps(_events(w, shift_start - SHIFT, rng), ensure_ascii=False),
            json.dumps(_open_alerts(w, n, signed, rng), ensure_ascii=False),
            rng.choice(["", "", "继续关注东门可疑人员", "等待技术员更换硬盘"]),
            rng.choice(["", "", "", "节假日期间加强巡查"]),
            f"全部检查项目正常（{timezone.localtime(shift_start - SHIFT):%H:%M}）", "clean", "",
            json.dumps(items, ensure_ascii=False), outgoing[0].pk, signed, incoming[0].pk,
            signed + dt.timedelta(minutes=5), "", f"{rng.getrandbits(256):064x}")


ENTRY_COLUMNS = ("room_id", "at", "camera_id", "area_id", "category", "seen", "done", "told",
                 "author_id", "created_at", "locked_at")
HANDOVER_COLUMNS = ("room_id", "shift_start", "outgoing_people", "incoming_people", "status",
                    "events", "open_alerts", "continuing", "instructions", "equipment",
                    "hygiene", "hygiene_note", "items", "outgoing_signer_id",
                    "outgoing_signed_at", "incoming_signer_id", "decided_at", "refused_items",
                    "content_hash")
DECIDED_AT = HANDOVER_COLUMNS.index("decided_at")


def _copy(table: str, columns: tuple[str, ...], rows) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def load_history(w, entries: int, handovers: int, rng: random.Random) -> None:
    """`handovers` - 1 accepted handovers evenly spread over ten years and ending a shift
    ago (the latest one is the current shift's, written by `present`), and the entries
    over the same years up to now."""
    from django.db import connection

    end = _now()
    start = end - dt.timedelta(days=365 * YEARS + YEARS // 4)
    interval = (end - start) / max(handovers, 1)
    shift_starts = sorted(end - SHIFT - interval * k for k in range(handovers - 1))
    rows = [_handover_row(w, n, s, rng) for n, s in enumerate(shift_starts)]
    _copy("duty_handover", HANDOVER_COLUMNS, rows)
    locks = [row[DECIDED_AT] for row in rows]
    _copy("duty_logentry", ENTRY_COLUMNS, _entry_rows(w, entries, start, end, locks, rng))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) duty_logentry, duty_handover")


def _now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


# --- now: a handover window open, a roster, people clocked on ---------------------------

def present(w, rng: random.Random) -> dt.datetime:
    """Shift times that put now a minute into the handover window of the next shift; the
    current shift's accepted handover, its roster and the two teams clocked on. Returns
    when the window closes."""
    from django.utils import timezone

    from watchroom.core import services as core
    from watchroom.duty import services
    from watchroom.duty.choices import RosterStatus
    from watchroom.duty.models import Assignment, LogEntry, Roster

    now = timezone.localtime(_now())
    following = (now + dt.timedelta(minutes=15)).replace(second=0, microsecond=0)
    current = following - SHIFT
    starts = ",".join(f"{following + SHIFT * k:%H:%M}" for k in range(3))
    core.policy_profile_update(actor=w.actor, profile=w.policy, shift_starts=starts)
    latest = _handover_row(w, len(w.teams), current, rng)
    _copy("duty_handover", HANDOVER_COLUMNS, [latest])
    decided = latest[DECIDED_AT]
    LogEntry.objects.filter(room=w.room, at__lte=decided, locked_at__isnull=True).update(
        locked_at=decided)
    roster = Roster.objects.create(
        room=w.room, month=now.date().replace(day=1), status=RosterStatus.PUBLISHED,
        created_by=w.lead, created_at=now, published_by=w.lead, published_at=now)
    on_duty, incoming = w.teams[0], w.teams[1 % len(w.teams)]
    for team, start in ((on_duty, current), (incoming, following)):
        for person in team:
            Assignment.objects.create(roster=roster, person=person, start=start,
                                      end=start + SHIFT)
    for person in dict.fromkeys([*on_duty, *incoming]):
        services.attendance_clock_on(actor=person, room=w.room)
    w.operator = on_duty[0]
    w.backdated = f"{current - dt.timedelta(minutes=30):%Y-%m-%dT%H:%M}"
    return following


# --- timing --------------------------------------------------------------------------

def cases(w) -> dict:
    """name → (method, path, data, expected status)."""
    from django.urls import reverse

    log_url = reverse("duty:log", args=[w.room.pk])
    return {
        "empty": ("get", reverse("bench_empty"), None, 200),
        "signed_in": ("get", reverse("bench_signed_in"), None, 200),
        "frame": ("get", reverse("bench_frame"), None, 200),
        "log_filter_category": ("get", log_url, {"category": "anomaly"}, 200),
        "log_search_text": ("get", log_url, {"q": SEARCH_WORD}, 200),
        "log_search_absent_all_years": ("get", log_url, {"q": ABSENT_WORD, "period": "all"},
                                        200),
        # dated in the previous shift, so the handover form keeps the same content
        "log_create": ("post", log_url, {
            "category": "routine", "camera": str(w.cameras[0][0]), "seen": "例行轮巡，画面正常",
            "done": "", "told": "", "at": w.backdated}, 302),
        "handover_form": ("get", reverse("duty:handover", args=[w.room.pk]), None, 200),
    }


def check_pages(client, found: dict) -> None:
    """The pages show what they are measured for."""
    markers = {"log_search_text": SEARCH_WORD, "handover_form": 'data-testid="handover-form"'}
    for name, marker in markers.items():
        _method, path, data, _status = found[name]
        if marker not in client.get(path, data).content.decode():
            raise SystemExit(f"bench: {name} does not show {marker}")


def _request(client, method: str, path: str, data, status: int) -> float:
    started = time.perf_counter()
    response = getattr(client, method)(path, data)
    elapsed = time.perf_counter() - started
    if response.status_code != status:
        raise SystemExit(f"bench: {method.upper()} {path} {data or ''} answered "
                         f"{response.status_code}, expected {status}")
    return elapsed


def measure(client, found: dict, requests: int, warmup: int, rng: random.Random) -> dict:
    """Rounds of one request per case, in a fresh order each round."""
    times: dict[str, list[float]] = {name: [] for name in found}
    order = list(found)
    for round_no in range(warmup + requests):
        rng.shuffle(order)
        for name in order:
            elapsed = _request(client, *found[name])
            if round_no >= warmup:
                times[name].append(elapsed * 1000)
    return times


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def _queries(client, case: tuple, explain: bool) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _request(client, *case)
    if explain:
        _explain(case, captured.captured_queries)
    return len(captured.captured_queries)


def _explain(case: tuple, queries: list[dict]) -> None:
    from django.db import connection

    sys.stderr.write(f"\n== {case[0].upper()} {case[1]} {case[2] or ''}: {len(queries)} "
                     f"queries, {sum(float(q['time']) for q in queries) * 1000:.1f} ms\n")
    for query in sorted(queries, key=lambda q: -float(q["time"]))[:3]:
        sys.stderr.write(f"-- {float(query['time']) * 1000:.1f} ms: {query['sql']}\n")
        if query["sql"].startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                sys.stderr.write("\n".join(row[0] for row in cursor.fetchall()) + "\n")


BASELINES = ("empty", "signed_in", "frame")


def report(times: dict, queries: dict) -> None:
    empty_p95, frame_p95 = _p95(times["empty"]), _p95(times["frame"])
    for name in BASELINES:
        print(f"{name}_p50_ms={statistics.median(times[name]):.2f}")
        print(f"{name}_p95_ms={_p95(times[name]):.2f}")
        print(f"{name}_p95_ratio={_p95(times[name]) / empty_p95:.2f}")
        print(f"{name}_queries={queries[name]}")
    for name, values in times.items():
        if name in BASELINES:
            continue
        p95 = _p95(values)
        print(f"{name}_p50_ms={statistics.median(values):.2f}")
        print(f"{name}_p95_ms={p95:.2f}")
        print(f"{name}_p95_ratio={p95 / empty_p95:.2f}")
        print(f"{name}_p95_frame_ratio={p95 / frame_p95:.2f}")
        print(f"{name}_queries={queries[name]}")
        if p95 > TARGET_P95_MS or p95 / empty_p95 > TARGET_RATIO:
            sys.stderr.write(f"bench: {name} misses the target (p95 ≤ {TARGET_P95_MS} ms "
                             f"and ≤ {TARGET_RATIO}× the empty view)\n")


def _profile(client, name: str, case: tuple) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(50):
        _request(client, *case)
    profiler.disable()
    sys.stderr.write(f"== profile of 50 requests: {name}\n")
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(50)


def run(args) -> None:
    from django.db import connection
    from django.test import Client

    from watchroom.duty.models import Handover, LogEntry

    rng = random.Random(20261125)
    w = world(args.authors, args.cameras)
    started = time.perf_counter()
    load_history(w, args.entries, args.handovers, rng)
    load_s = time.perf_counter() - started
    closes = present(w, rng)
    print(f"entries={LogEntry.objects.count()}")
    print(f"handovers={Handover.objects.count()}")
    print(f"load_s={load_s:.1f}", flush=True)
    client = Client()
    client.force_login(w.operator)
    found = cases(w)
    check_pages(client, found)
    import watchroom.wsgi  # noqa: F401  the web server's start-up, as `watchroom serve` does
    times = measure(client, found, args.requests, args.warmup, rng)
    if _now() >= closes:
        raise SystemExit("bench: the handover window closed during the run")
    queries = {name: _queries(client, case, args.explain) for name, case in found.items()}
    report(times, queries)
    for name in filter(None, (args.profile or "").split(",")):
        _profile(client, name, found[name])
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2_000_000)
    parser.add_argument("--handovers", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--explain", action="store_true",
                        help="write each page's slowest queries and their plans to stderr")
    parser.add_argument("--profile", metavar="FIGURE[,FIGURE]",
                        help="write a profile of 50 requests of these figures to stderr")
    parser.add_argument("--quick", action="store_true", help="a small run for CI smoke tests")
    args = parser.parse_args()
    args.authors, args.cameras, args.warmup = 30, 200, 20
    if args.quick:
        args.entries, args.handovers, args.requests = 20_000, 300, 20
        args.authors, args.cameras, args.warmup = 6, 20, 3
    _pg_admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{PG_NAME}"')
    try:
        with tempfile.TemporaryDirectory(prefix="watchroom-duty-bench-") as tmp:
            setup_django(tmp)
            run(args)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
