"""The live benchmark still runs: `--quick` prints every figure, with every viewer served
and no segment lost."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def test_live_benchmark_quick(rtsp_server_factory):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "live.py"), "--quick"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert int(figures["viewers"]) == int(figures["streams"]) == 2
    assert int(figures["lost_segments"]) == 0
    assert float(figures["viewer_mbit_s"]) > 0
    assert 0 < float(figures["live_latency_p95_ms"]) < 2000
    for name in ("recording_cpu_pct", "recording_and_live_cpu_pct", "live_extra_cpu_pct"):
        float(figures[name])
