"""The notification benchmark still runs: `bench/notify.py --quick` prints every figure,
with every message delivered once through an outage."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["deliveries_per_s", "delivery_p50_s", "delivery_p95_s", "expected", "delivered",
         "duplicates", "recovered_s"]


@pytest.mark.slow
def test_the_quick_notify_benchmark_delivers_everything_once():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "notify.py"), "--quick"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    for name in NAMES:
        assert name in figures, name
    assert float(figures["deliveries_per_s"]) > 0
    assert figures["delivered"] == figures["expected"] == "120"
    assert figures["duplicates"] == "0"
