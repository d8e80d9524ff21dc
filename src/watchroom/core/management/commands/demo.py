import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from watchroom import demo
from watchroom.core.roles import role_label

# The recorder seals what it is writing when it stops; the others only close.
RECORDER_STOP_S = 60
OTHERS_STOP_S = 15


def _start(*args: str) -> subprocess.Popen:
    # A process group of its own: a Ctrl-C in the terminal reaches the demo alone,
    # which then stops its children in order.
    return subprocess.Popen([sys.executable, "-m", "watchroom.cli", *args], process_group=0)


class Command(BaseCommand):
    help = "Set up the demo hospital and run the web app and the worker."

    def add_arguments(self, parser):
        parser.add_argument("--load-only", action="store_true", help="load the demo and exit")
        parser.add_argument("--bind", default="127.0.0.1:8000")

    def handle(self, *args, load_only, bind, **options):
        # The demo's cameras are its own test patterns on udp://127.0.0.1 (see
        # devices.addresses): allowed here and in the recorder it starts, nowhere else.
        os.environ["WATCHROOM_CAMERA_TEST_SOURCES"] = "1"
        settings.WATCHROOM["CAMERA_TEST_SOURCES"] = True
        # The wall's browsers reach the recorder's live server where they reach the web
        # application: on the address the demo is bound to, unless set otherwise.
        if "WATCHROOM_LIVE_HOST" not in os.environ:
            host = bind.rsplit(":", 1)[0].strip("[]") or "127.0.0.1"
            os.environ["WATCHROOM_LIVE_HOST"] = host
            settings.WATCHROOM["LIVE_HOST"] = host
        # The health probe takes the recorded test cameras' pictures from the recorder's
        # live server (a UDP stream has one receiver), watching as the demo's technician.
        if "WATCHROOM_HEALTH_PROBE_USER" not in os.environ:
            os.environ["WATCHROOM_HEALTH_PROBE_USER"] = "xuming"
            settings.WATCHROOM["HEALTH_PROBE_USER"] = "xuming"
        # Only the test cameras answer: the others' addresses are made up.
        if "WATCHROOM_HEALTH_SWEEP_ONLY" not in os.environ:
            os.environ["WATCHROOM_HEALTH_SWEEP_ONLY"] = "watchroom"
            settings.WATCHROOM["HEALTH_SWEEP_ONLY"] = "watchroom"
        call_command("migrate", interactive=False, verbosity=0)
        outcome = demo.load()
        if outcome["loaded"]:
            self.stdout.write(
                f"Demo hospital loaded: {outcome['cameras']} cameras, {outcome['staff']} staff."
            )
        else:
            self.stdout.write("Demo hospital already loaded.")
        self.print_logins(bind)
        if load_only:
            return
        children = [
            _start("serve", "--bind", bind),
            _start("worker"),
            _start("testcameras", "--base-port", str(demo.test_camera_port())),
            _start("recorder"),
        ]
        stopping = False

        def stop(*_args):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            # The recorder first, while its cameras still send: it closes and seals the
            # segments it is writing (R-REC-2) before the pictures stop.
            recorder, others = children[-1], children[:-1]
            _stop(recorder, timeout=RECORDER_STOP_S)
            deadline = time.monotonic() + OTHERS_STOP_S
            for child in others:
                if child.poll() is None:
                    child.terminate()
            for child in others:
                _stop(child, timeout=max(deadline - time.monotonic(), 0.1))
        failed = [c.args[3] for c in children if c.returncode not in (0, -15, None)]
        if failed and not stopping:
            raise SystemExit(f"watchroom demo: {', '.join(failed)} stopped unexpectedly")

    def print_logins(self, bind):
        translation.activate(settings.LANGUAGE_CODE)
        self.stdout.write("")
        self.stdout.write(f"  Open http://{bind}/ in a browser.")
        self.stdout.write(f"  Every demo account's password: {demo.DEMO_PASSWORD}")
        live = settings.WATCHROOM
        self.stdout.write(f"  Live streams (the recorder's live server): "
                          f"http://{live['LIVE_HOST']}:{live['LIVE_PORT']}/live/")
        for username, full_name, role, _department, _title in demo.STAFF:
            self.stdout.write(f"    {username:<10} {full_name:<6} {role_label(role)}")
        approvers = ", ".join(demo.DEMO_APPROVERS)
        self.stdout.write(f"  Authenticator key of the approvers ({approvers}), for any "
                          f"TOTP app: {demo.DEMO_TOTP_SECRET}")
        self.stdout.write("  " + _("Press Ctrl+C to stop.") + "\n")


def _stop(child: subprocess.Popen, *, timeout: float) -> None:
    if child.poll() is None:
        child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
