"""The export benchmark still runs: `--quick` prints every figure."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_export_benchmark_quick():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "export.py"), "--quick"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert int(figures["segments"]) == 3  # two minutes cut from 30.3 s into the first
    assert float(figures["export_s"]) > 0 and float(figures["baseline_s"]) > 0
    assert int(figures["big_request_segments"]) == 2 * 60 * 4
