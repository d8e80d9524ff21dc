"""The audit benchmark still runs: `bench/audit.py --quick` prints every figure."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["append_per_s_postgresql", "append_per_s_sqlite", "verify_per_s_postgresql",
         "verify_per_s_sqlite", "verify_per_s"]


@pytest.mark.slow
def test_the_quick_benchmark_prints_its_figures():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "audit.py"), "--quick"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    for name in NAMES:
        assert float(figures[name]) > 0, name
