"""A scratch database of the same kind as the test run's, for real `watchroom`
processes (the pytest database may live in memory)."""

import json
import os
import subprocess
import sys
import uuid

from django.db import connection


class Scratch:
    def __init__(self, tmp_path, **env):
        self.env = {**os.environ, "WATCHROOM_DATA": str(tmp_path / "data"),
                    "DJANGO_SETTINGS_MODULE": "watchroom.settings",
                    "WATCHROOM_CAMERA_LOOPBACK": "1", **env}
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            import psycopg

            s = connection.settings_dict
            self.pg = {"host": s["HOST"] or "127.0.0.1", "port": s["PORT"] or 5432,
                       "user": s["USER"], "password": s["PASSWORD"] or None}
            self.name = f"watchroom_rec_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.env["DATABASE_URL"] = (
                f"postgres://{auth}@{self.pg['host']}:{self.pg['port']}/{self.name}")
        else:
            self.env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        self.command("migrate", "-v", "0")

    def command(self, *args, check=True, timeout=180):
        done = subprocess.run([sys.executable, "-m", "watchroom.cli", *args], env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        if check:
            assert done.returncode == 0, done.stderr + done.stdout
        return done

    def python(self, code: str):
        """Run code inside the scratch installation; it prints one JSON value."""
        out = self.command("shell", "-c", code).stdout.strip().splitlines()
        return json.loads(out[-1])

    def spawn(self, *args):
        return subprocess.Popen([sys.executable, "-m", "watchroom.cli", *args], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def drop(self):
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.pg) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
