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

    if argv[1:] in ([], ["--help"], ["-h"], ["help"]):
        print(overview())
        return 0

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


# The order a new administrator meets them in; any other command of ours follows.
FIRST = ["serve", "worker", "demo", "audit", "recording", "recorder", "export", "leaders",
         "testcameras"]


def overview() -> str:
    """Watchroom's commands a line each, then every other command under one heading."""
    import textwrap

    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    own = sorted((n for n, app in commands.items() if app.startswith("watchroom")),
                 key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n))
    others = sorted(n for n in commands if n not in own)
    width = max(map(len, own), default=0)
    lines = ["Usage: watchroom <command> [options]",
             "       watchroom help <command>    what a command does and its options", "",
             "Watchroom commands:"]
    for name in own:
        about = (load_command_class(commands[name], name).help or "").strip().splitlines()
        about = about[0] if about else ""
        if len(about) > 72 and ";" in about:  # one short line: the gist before the details
            about = about.split(";")[0] + "."
        lines.append(f"  {name.ljust(width)}  {about}")
    lines += ["", "Other commands (Django and its libraries, for maintenance):"]
    lines += textwrap.wrap(", ".join(others), width=88, initial_indent="  ",
                           subsequent_indent="  ", break_on_hyphens=False)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
