"""R-FOOT-5: `watchroom export verify` on a damaged package prints a FAILED line naming
what broke, never a traceback; the README is in Chinese and English and its fingerprint
commands give the fingerprint it prints."""

import json
import os
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.footage import approve_all
from watchroom.footage import exporting, selectors, services, verify
from watchroom.footage.choices import ExportState

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(police_request, people):
    request = approve_all(police_request(originals=True), people)
    export = services.export_create(actor=people["executor"], request=request,
                                    merged_clip=True)
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.DONE, export.error
    return selectors.exports_dir() / export.path


def flipped(source, target, position: int):
    data = bytearray(source.read_bytes())
    data[position] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def regions(path) -> dict[str, int]:
    """One byte in each part of the ZIP: a local header, a file's data, the gap after
    it, the central directory, the end record; and inside the signed manifest."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        first = infos[0]
        manifest = zf.getinfo("manifest.json")
    data_start = first.header_offset + 30 + len(first.filename.encode())
    directory = data.rfind(b"PK\x01\x02")
    return {"local header": first.header_offset + 14, "file name": first.header_offset + 31,
            "file data": data_start + first.compress_size // 2,
            "data descriptor": data_start + first.compress_size + 6,
            "manifest": manifest.header_offset + 30 + len("manifest.json") + 40,
            "central directory": directory + 10, "end record": len(data) - 5}


def watchroom(*args, tmp_path):
    env = {**os.environ, "WATCHROOM_DATA": str(tmp_path / "cli-data"),
           "DJANGO_SETTINGS_MODULE": "watchroom.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "watchroom.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_r_foot_5_verify_a_flipped_byte_anywhere_gives_a_failed_line_not_a_traceback(
        package, tmp_path):
    intact = watchroom("export", "verify", str(package), tmp_path=tmp_path)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    for where, position in regions(package).items():
        damaged = flipped(package, tmp_path / "damaged.zip", position)
        done = watchroom("export", "verify", str(damaged), tmp_path=tmp_path)
        assert done.returncode != 0, where
        assert "Traceback" not in done.stderr, (where, done.stderr)
        assert "FAILED:" in done.stderr, (where, done.stderr)


def test_r_foot_5_verify_names_the_damaged_file(package, tmp_path):
    position = regions(package)["file data"]
    with zipfile.ZipFile(package) as zf:
        first = zf.infolist()[0].filename
    report = verify.verify(flipped(package, tmp_path / "damaged.zip", position))
    assert any(first in p for p in report.problems), report.problems


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_r_foot_5_verify_finds_every_flipped_byte(package, tmp_path, fraction):
    size = package.stat().st_size
    damaged = flipped(package, tmp_path / "any.zip", int(fraction * size))
    report = verify.verify(damaged)
    assert not report.ok
    assert all(isinstance(p, str) and p for p in report.problems)


def test_r_foot_5_the_readme_is_bilingual_and_its_fingerprint_commands_work(package, tmp_path):
    folder = tmp_path / "pkg"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert "sha256sum -c SHA256SUMS" in readme
    assert "校验" in readme and "Check" in readme  # Chinese and English
    command = "openssl pkey -pubin -in public_key.pem -outform DER | sha256sum"
    assert command in readme
    computed = subprocess.run(["sh", "-c", command], cwd=folder, capture_output=True,
                              text=True, check=True).stdout.split()[0]
    assert computed == manifest["signing_key_sha256"]
    assert computed in readme
    assert verify.verify(package).fingerprint == computed
