"""The recording benchmarks still run: `--quick` prints every figure."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _figures(script: str) -> dict[str, str]:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def test_recorder_benchmark_quick(rtsp_server_factory):
    figures = _figures("recorder.py")
    assert int(figures["segments"]) > 0 and int(figures["ffmpeg_segments"]) > 0
    for name in ("cpu_pct_per_stream", "rss_mb_per_stream", "seal_latency_p95_s",
                 "ffmpeg_cpu_pct_per_stream", "ffmpeg_rss_mb_per_stream"):
        assert float(figures[name]) >= 0, name


def test_retention_benchmark_quick():
    figures = _figures("retention.py")
    assert int(figures["expired_segments"]) == 14_400
    assert float(figures["sweep_s"]) > 0
