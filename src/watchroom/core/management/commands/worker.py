import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand

from watchroom import scheduler
from watchroom.audit.chain import seal_pending


class Command(BaseCommand):
    help = "Run background tasks and the periodic schedule."

    def add_arguments(self, parser):
        parser.add_argument("--no-schedule", action="store_true",
                            help="only run tasks; another worker keeps the schedule")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between polls for new tasks")
        parser.add_argument("--batch", action="store_true",
                            help="run what is due and queued, then exit (for cron)")

    def handle(self, *args, no_schedule, interval, batch, **options):
        if batch:
            seal_pending()
            if not no_schedule:
                scheduler.tick()
            call_command("db_worker", batch=True, queue_name="*", startup_delay=False,
                         verbosity=options.get("verbosity", 1))
            return
        stop = threading.Event()
        threading.Thread(target=scheduler.seal_forever, args=(stop,), name="audit-sealer",
                         daemon=True).start()
        if not no_schedule:
            threading.Thread(
                target=scheduler.run_forever, args=(stop,), name="scheduler", daemon=True
            ).start()
        try:
            call_command("db_worker", interval=interval, queue_name="*",
                         verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
