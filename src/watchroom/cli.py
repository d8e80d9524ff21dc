"""The `watchroom` command: serve, worker, demo, audit … and every Django command."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "watchroom"
    os.umask(0o077)  # R-SEC-3: as the settings do, before anything is written
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchroom.settings")

    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        print(f"watchroom: configuration error: {exc}", file=sys.stderr)
        return 2

    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(argv)
    except OperationalError as exc:
        from watchroom.settings import DATABASES

        where = DATABASES["default"].get("HOST") or DATABASES["default"].get("NAME")
        print(
            f"watchroom: cannot use the database ({where}): {exc}\n"
            "Check DATABASE_URL and that the database server is running.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
