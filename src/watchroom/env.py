"""Typed environment helpers that fail loudly on bad values.

Every secret may also come from a file named by the same variable with `_FILE`.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """The value of NAME, or the contents of the file named by NAME_FILE."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    return value


def private_files() -> None:
    """R-SEC-3: files this process creates are for its own user only (0600 files,
    0700 folders), whatever the caller's umask. Called by the settings, which every
    Watchroom process (web, worker, recorder, commands) reads first."""
    os.umask(0o077)


def data_dir(name: str, default: str, *, outside: Path) -> Path:
    """The data folder: created if missing (0700, and closed to others if it was
    open), and it must be writable. Never inside `outside` (the program's own folder,
    whose files are shipped and committed: keys and recordings do not belong there)."""
    path = Path(os.environ.get(name, default)).expanduser().resolve()
    if path.is_relative_to(outside):
        raise ImproperlyConfigured(
            f"{name}={str(path)!r} lies inside the program's own folder {str(outside)!r}; "
            f"run watchroom from another folder (the data goes to ./var there) or set "
            f"{name}.")
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.stat().st_uid == os.getuid():
            path.chmod(0o700)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{name}={str(path)!r} is not a writable folder: {exc.strerror or exc}. "
            f"Set {name} to a folder this user can write to."
        ) from None
    return path


def secret_file(path: Path, make) -> str:
    """Read a secret kept in the data folder, creating it (mode 0600) on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(make())
    return path.read_text(encoding="utf-8").strip()


def proxy_ssl_header() -> tuple[str, str] | None:
    """Believe a proxy's X-Forwarded-Proto only when WATCHROOM_BEHIND_HTTPS_PROXY says
    one is in front (otherwise any client could claim HTTPS)."""
    if envbool("WATCHROOM_BEHIND_HTTPS_PROXY", False):
        return ("HTTP_X_FORWARDED_PROTO", "https")
    return None
