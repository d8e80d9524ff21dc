"""Notification benchmark: escalations (R-INC-2) started for many subjects, each telling
three people by e-mail and one JSON webhook, delivered through the outbox to receivers
on loopback (a real SMTP server, aiosmtpd, and an HTTP server).

    uv run python bench/notify.py [--subjects 1000] [--senders 2] [--down-seconds 60]
                                  [--retry-seconds 30] [--quick]

Phase 1, receivers up: `deliveries_per_s` (deliveries ÷ the time from the first start to
the last receipt) and `delivery_p95_s` / `delivery_p50_s` (a delivery's start → its
receipt; target ≤ 5 s). Phase 2, the same number of subjects with the webhook receiver
stopped (its port closed) for `--down-seconds` from the phase's middle: `delivered=` (the
distinct messages received, which must be all of them), `expected=`, `duplicates=` (a
message received twice, told by its idempotency key: Idempotency-Key header, e-mail
Message-ID) and `recovered_s` (receiver back → last receipt). Also `deliveries`, `load`.

The outbox is sent the way the worker sends it (`outbox.deliver_due` in `--senders`
threads); the database is a throwaway PostgreSQL one, `watchroom_bench_notify`, on the
server named by BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import email
import email.policy
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, urlunsplit

PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = "watchroom_bench_notify"
TARGET_P95_S = 5.0


def pg_url(dbname: str) -> str:
    parts = urlsplit(PG_SERVER)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, ""))


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url(urlsplit(PG_SERVER).path.lstrip("/") or "postgres"),
                         autocommit=True) as conn:
        conn.execute(sql)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Received:
    """Every message a receiver took: its idempotency key and when (time.time())."""

    def __init__(self):
        self.lock = threading.Lock()
        self.at: dict[str, float] = {}
        self.duplicates = 0

    def take(self, key: str) -> None:
        with self.lock:
            if key in self.at:
                self.duplicates += 1
            else:
                self.at[key] = time.time()


class Webhook:
    """An HTTP receiver that can be stopped (its port closed) and started again."""

    def __init__(self, received: Received):
        self.received = received
        self.port = free_port()
        self.server = None
        self.start()

    def start(self):
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                received.take(self.headers.get("Idempotency-Key", ""))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok":true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class Mail:
    def __init__(self, received: Received):
        from aiosmtpd.controller import Controller

        self.received = received
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port,
                                     server_hostname="localhost")
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.take(str(message["Message-ID"]))
        return "250 OK"


def setup(mail_port: int, hook_port: int, retry_seconds: int, data: str) -> None:
    os.environ.update({
        "DATABASE_URL": pg_url(PG_NAME), "WATCHROOM_DATA": data,
        "DJANGO_SETTINGS_MODULE": "watchroom.settings", "WATCHROOM_LOG_LEVEL": "ERROR",
        "WATCHROOM_SMTP_HOST": "127.0.0.1", "WATCHROOM_SMTP_PORT": str(mail_port),
        "WATCHROOM_WEBHOOKS": f"json=http://127.0.0.1:{hook_port}/hook",
        "WATCHROOM_BASE_URL": "https://watchroom.example",
        "WATCHROOM_NOTIFY_RETRY_SECONDS": str(retry_seconds),
        # The senders below are the worker here: nothing is queued.
        "WATCHROOM_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def people():
    from watchroom.audit.context import Process
    from watchroom.core import services as core

    a = Process("bench")
    p = core.policy_profile_create(actor=a, kind="hospital", name="bench")
    s = core.site_create(actor=a, code="B", name="bench", policy=p)
    d = core.department_create(actor=a, code="BD", name="bench", site=s)
    users = []
    for i in range(3):
        staff = core.staff_create(actor=a, username=f"lead{i}", password="Bench-lead-2026",  # noqa: S106
                                  full_name=f"lead {i}", employee_no=f"B{i:04d}",
                                  roles=["shift_lead"], department=d)
        staff.user.email = f"lead{i}@example.org"
        staff.user.save(update_fields=["email"])
        users.append(staff.user)
    return a, s, users


class Senders:
    """The worker's outbox loop, in threads."""

    def __init__(self, count: int):
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(count)]
        for t in self.threads:
            t.start()

    def run(self):
        from django.db import connection

        from watchroom.notifications import outbox

        while not self.stop.is_set():
            if sum(outbox.deliver_due().values()) == 0:
                time.sleep(0.05)
        connection.close()

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join()


def start_all(actor, site, users, first: int, count: int, during=None) -> None:
    from watchroom.notifications.services import Level, escalation_start

    for n in range(first, first + count):
        if during is not None:
            during(n - first)
        escalation_start(actor=actor, subject=f"bench.subject:{n}", levels=[
            Level(people=tuple(users))], title=f"Subject {n}", message="bench",
            url=f"/bench/{n}/", site=site)


def wait_sent(expected_total: int, timeout: float) -> None:
    from watchroom.notifications.choices import DeliveryState
    from watchroom.notifications.models import Delivery

    end = time.time() + timeout
    while time.time() < end:
        if Delivery.objects.filter(state=DeliveryState.SENT).count() >= expected_total:
            return
        time.sleep(0.25)
    raise SystemExit(f"not every delivery was sent within {timeout:.0f} s")


def created(ids_from: int):
    """(key string as the receivers see it, created time) of the deliveries after a pk."""
    from watchroom.notifications.models import Delivery

    rows = Delivery.objects.filter(pk__gt=ids_from).values_list("channel", "key", "created_at")
    return [(f"<{key}@watchroom>" if channel == "email" else str(key), at.timestamp())
            for channel, key, at in rows]


def last_pk() -> int:
    from watchroom.notifications.models import Delivery

    return Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--down-seconds", type=float, default=60)
    parser.add_argument("--retry-seconds", type=int, default=30)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.subjects, args.down_seconds, args.retry_seconds = 20, 2, 1

    pg_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {PG_NAME}")
    received = Received()
    mail, hook = Mail(received), Webhook(received)
    senders = None
    try:
        with tempfile.TemporaryDirectory(prefix="watchroom-bench-notify-") as data:
            setup(mail.port, hook.port, args.retry_seconds, data)
            actor, site, users = people()
            per_subject = len(users) * 2
            senders = Senders(args.senders)

            # Phase 1: the receivers up.
            began, before = time.time(), last_pk()
            start_all(actor, site, users, 0, args.subjects)
            wait_sent(args.subjects * per_subject, timeout=600)
            sent = created(before)
            latencies = [received.at[key] - at for key, at in sent if key in received.at]
            finished = max(received.at[key] for key, _at in sent)
            print(f"deliveries={len(sent)}")
            print(f"deliveries_per_s={len(sent) / (finished - began):.1f}")
            print(f"delivery_p50_s={statistics.median(latencies):.3f}")
            p95 = statistics.quantiles(latencies, n=20)[-1]
            print(f"delivery_p95_s={p95:.3f}")
            print(f"delivery_p95_target_met={int(p95 <= TARGET_P95_S)}")

            # Phase 2: the webhook receiver stopped from the middle for --down-seconds.
            before = last_pk()
            back = {}

            def outage(i):
                if i == args.subjects // 2:
                    hook.stop()
                    timer = threading.Timer(args.down_seconds, lambda: (
                        hook.start(), back.setdefault("at", time.time())))
                    timer.daemon = True
                    timer.start()

            start_all(actor, site, users, args.subjects, args.subjects, during=outage)
            wait_sent(2 * args.subjects * per_subject,
                      timeout=args.down_seconds + 8 * max(args.retry_seconds, 30) + 600)
            sent = created(before)
            keys = [key for key, _at in sent]
            got = [key for key in keys if key in received.at]
            print(f"expected={len(keys)}")
            print(f"delivered={len(got)}")
            print(f"duplicates={received.duplicates}")
            print(f"down_s={args.down_seconds:g}")
            print(f"recovered_s={max(received.at[k] for k in got) - back['at']:.1f}")
            print(f"load={os.getloadavg()[0]:.2f}")
    finally:
        if senders is not None:
            senders.close()
        mail.controller.stop()
        from django.db import connections

        connections.close_all()
        pg_admin(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
