"""Bad configuration gets a clear message and changes nothing."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from watchroom import env


def run_watchroom(*args, **environ):
    return subprocess.run(
        [sys.executable, "-m", "watchroom.cli", *args],
        env={**os.environ, **environ, "DJANGO_SETTINGS_MODULE": "watchroom.settings"},
        capture_output=True, text=True, timeout=120,
    )


def test_unreachable_database_is_named_clearly(tmp_path):
    result = run_watchroom("migrate", WATCHROOM_DATA=str(tmp_path),
                           DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "cannot use the database" in result.stderr
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_database_kind_is_refused(tmp_path):
    result = run_watchroom("check", WATCHROOM_DATA=str(tmp_path),
                           DATABASE_URL="mysql://root@127.0.0.1/test")
    assert result.returncode == 2
    assert "SQLite or PostgreSQL only" in result.stderr


def test_unwritable_data_folder_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_watchroom("check", WATCHROOM_DATA=str(blocker / "sub"))
    assert result.returncode == 2
    assert "WATCHROOM_DATA" in result.stderr and "not a writable folder" in result.stderr


def test_data_folder_inside_the_program_is_refused(tmp_path):
    from watchroom.settings import PACKAGE_DIR

    inside = PACKAGE_DIR / "var"
    result = run_watchroom("check", WATCHROOM_DATA=str(inside))
    assert result.returncode == 2
    assert "inside the program's own folder" in result.stderr
    assert not inside.exists()


def test_secret_key_is_generated_once_and_kept(tmp_path):
    for _ in range(2):
        result = run_watchroom("check", WATCHROOM_DATA=str(tmp_path))
        assert result.returncode == 0, result.stderr
    key_file = tmp_path / "keys" / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("value", ["maybe", "2x"])
def test_env_helpers_fail_loudly(monkeypatch, value):
    monkeypatch.setenv("WATCHROOM_X", value)
    with pytest.raises(ImproperlyConfigured):
        env.envbool("WATCHROOM_X", False)
    with pytest.raises(ImproperlyConfigured):
        env.envint("WATCHROOM_X", 1)


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "s"
    secret.write_text("abc\n")
    monkeypatch.setenv("WATCHROOM_S_FILE", str(secret))
    assert env.envsecret("WATCHROOM_S") == "abc"
    monkeypatch.setenv("WATCHROOM_S", "x")
    with pytest.raises(ImproperlyConfigured):
        env.envsecret("WATCHROOM_S")
