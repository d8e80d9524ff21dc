"""The image checks' benchmark still runs: `--quick` prints every figure, and finds each
kind of its labelled set."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_health_benchmark_quick():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "health.py"), "--quick"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    for name in ("checks_p50_ms", "checks_p95_ms", "decode_keyframe_ms", "to_bgr_ms"):
        assert float(figures[name]) > 0
    assert int(figures["healthy_1080p_faults"]) == 0
    assert int(figures["sweep_cameras"]) == 4 and int(figures["sweep_unhealthy"]) == 0
    assert float(figures["sweep_seconds"]) > 0
    for kind in ("normal", "black", "frozen", "blurred", "covered", "dark", "moved"):
        assert int(figures[f"samples_{kind}"]) >= 1
        assert float(figures[f"recall_{kind}"]) == 1.0, figures["confusions"]
        assert float(figures[f"precision_{kind}"]) == 1.0, figures["confusions"]
