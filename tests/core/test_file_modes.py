"""R-SEC-3: everything Watchroom writes under its data folder is for its own user only:
files 0600, folders 0700, whoever else logs in to the machine."""

import os
import stat
import subprocess
import sys

from watchroom.recording import storage

from ..recording.conftest import recordings_dir  # noqa: F401


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_r_sec_3_a_new_data_folder_and_its_database_and_keys_are_private(tmp_path):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(WATCHROOM_DATA=str(data), DJANGO_SETTINGS_MODULE="watchroom.settings")
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from watchroom.cli import main; "
         "sys.exit(main(['watchroom', 'migrate', '--no-input', '-v0']))"],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _mode(data) == 0o700
    found = list(data.rglob("*"))
    assert data / "watchroom.sqlite3" in found
    assert data / "keys" / "secret_key" in found
    wrong = {str(p.relative_to(data)): oct(_mode(p)) for p in found
             if _mode(p) != (0o700 if p.is_dir() else 0o600)}
    assert wrong == {}


def test_r_sec_3_recordings_written_by_ffmpeg_are_private(recordings_dir):  # noqa: F811
    folder = storage.incoming_dir()
    target = folder / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=5",
         "-t", "1", str(target)], check=True, timeout=300)
    assert _mode(storage.root()) == 0o700
    assert _mode(folder) == 0o700
    assert _mode(target) == 0o600


def test_r_sec_3_an_existing_data_folder_open_to_others_is_closed(tmp_path, monkeypatch):
    from watchroom.env import data_dir

    folder = tmp_path / "old"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setenv("WATCHROOM_TEST_FOLDER", str(folder))
    data_dir("WATCHROOM_TEST_FOLDER", "./unused", outside=tmp_path / "program")
    assert _mode(folder) == 0o700
