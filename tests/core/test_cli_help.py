"""`watchroom --help` leads with Watchroom's own commands, one line each with what it
does, and puts Django's and the libraries' commands under one heading after them."""

import os
import subprocess
import sys

import pytest

OWN = ["serve", "worker", "demo", "audit", "recording", "recorder", "export", "leaders",
       "testcameras"]


def _help(tmp_path, *args):
    env = {**os.environ, "WATCHROOM_DATA": str(tmp_path / "data"),
           "DJANGO_SETTINGS_MODULE": "watchroom.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "watchroom.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("help",), ()])
def test_help_leads_with_watchroom_commands(tmp_path, args):
    out = _help(tmp_path, *args)
    lines = out.splitlines()
    own_heading = next(i for i, line in enumerate(lines) if line.startswith("Watchroom commands"))
    other_heading = next(i for i, line in enumerate(lines) if line.startswith("Other commands"))
    assert own_heading < other_heading
    own_lines = lines[own_heading + 1:other_heading]
    for name in OWN:
        [line] = [line for line in own_lines if line.split()[:1] == [name]]
        assert len(line.split()) > 3, f"{name} has no description: {line!r}"
    # Django's and the libraries' commands come after, not among ours, and not one per line
    rest = "\n".join(lines[other_heading:])
    for name in ("migrate", "axes_reset", "remove_stale_contenttypes", "createsuperuser"):
        assert name in rest
        assert name not in "\n".join(own_lines)
    assert "[axes]" not in out
    assert len(lines) < 40


def test_a_commands_own_help_is_unchanged(tmp_path):
    assert "--checkpoint" in _help(tmp_path, "audit", "verify", "--help")
