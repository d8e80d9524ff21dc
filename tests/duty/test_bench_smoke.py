"""The duty benchmark still runs: `bench/duty.py --quick` prints every figure."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["log_filter_category", "log_search_text", "log_search_absent_all_years",
         "log_create", "handover_form"]
pytestmark = pytest.mark.slow


def test_duty_benchmark_quick():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "duty.py"), "--quick"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert int(figures["entries"]) == 20_000
    assert int(figures["handovers"]) == 300
    assert float(figures["load_s"]) > 0
    for base in ("empty", "signed_in", "frame"):
        assert float(figures[f"{base}_p50_ms"]) > 0 and float(figures[f"{base}_p95_ms"]) > 0
    for page in PAGES:
        for figure in ("p50_ms", "p95_ms", "p95_ratio", "p95_frame_ratio"):
            assert float(figures[f"{page}_{figure}"]) > 0, f"{page}_{figure}"
