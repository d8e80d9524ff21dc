from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from watchroom.env import envint, envstr


class Command(BaseCommand):
    help = "Run the web application with a production server (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=envstr("WATCHROOM_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=envint("WATCHROOM_WEB_WORKERS", 2))
        parser.add_argument("--threads", type=int, default=envint("WATCHROOM_WEB_THREADS", 4))
        parser.add_argument("--migrate", action="store_true", help="apply migrations first")

    def handle(self, *args, bind, workers, threads, migrate, **options):
        from gunicorn.app.base import BaseApplication

        connection.ensure_connection()
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)
        connection.close()

        class Application(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", [bind])
                self.cfg.set("workers", workers)
                self.cfg.set("threads", threads)
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("accesslog", "-")
                self.cfg.set("graceful_timeout", 10)

            def load(self):
                from watchroom.wsgi import application

                return application

        self.stdout.write(f"Watchroom is serving on http://{bind}/")
        Application().run()
