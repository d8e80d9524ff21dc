"""Recorder benchmark: N RTSP streams of a pre-encoded 1080p H.264 clip (~4 Mbit/s,
25 fps, MPEG-TS, long enough to play once without looping, as a camera's clock runs
on), served by GStreamer's RTSP server on loopback, recorded for D seconds by
Watchroom's recorder and then, in the same run, by one `ffmpeg -c copy -f segment`
per stream (each recorder gets a fresh server, so both see the clip from its start).

    uv run python bench/recorder.py [--streams 32] [--seconds 180] [--segment 10]
                                    [--clip 1080p|540p] [--quick]

Prints `name=value` lines: streams, lost_segments, cpu_pct_per_stream,
rss_mb_per_stream (for both), seal_latency_p95_s and the ratios.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.rtsp import RtspServer  # noqa: E402

from bench._django import recorder_start, shell_json  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
TICK = os.sysconf("SC_CLK_TCK")
CLIPS = {"1080p": (1920, 1080, 4000), "540p": (960, 540, 1500)}


ENCODERS = {
    "h264": ["-c:v", "libx264", "-preset", "ultrafast"],
    "hevc": ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
             "log-level=error:bframes=0"],
}


def ensure_clip(seconds: int, width: int, height: int, kbps: int, codec: str = "h264") -> Path:
    """A noisy test picture encoded once and kept in the cache (MPEG-TS, 25 fps, GOP 2 s)."""
    import imageio_ffmpeg

    CACHE.mkdir(parents=True, exist_ok=True)
    prefix = "clip" if codec == "h264" else f"clip-{codec}"
    path = CACHE / f"{prefix}-{width}x{height}-{kbps}k-{seconds}s.ts"
    if path.exists():
        return path
    temp = path.with_suffix(".part.ts")
    subprocess.run([
        imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=25",
        "-t", str(seconds), "-vf", "noise=alls=12:allf=t", *ENCODERS[codec],
        "-g", "50", "-pix_fmt", "yuv420p",
        "-b:v", f"{kbps}k", "-maxrate", f"{kbps}k", "-bufsize", f"{2 * kbps}k",
        "-f", "mpegts", str(temp)], check=True)
    temp.rename(path)
    return path


def process_tree(pid: int) -> list[int]:
    children = []
    try:
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            children += process_tree(int(child))
    except OSError:
        pass
    return [pid, *children]


def cpu_seconds(pids) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError):
            pass
    return total


def rss_mb(pids) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def measure(pids_of, seconds: float, warmup: float) -> dict:
    time.sleep(warmup)
    pids = pids_of()
    cpu0, t0, wall0 = cpu_seconds(pids), time.monotonic(), time.time()
    samples = []
    while time.monotonic() - t0 < seconds:
        time.sleep(2)
        samples.append(rss_mb(pids_of()))
    pids = pids_of()
    cpu = cpu_seconds(pids) - cpu0
    return {"cpu_pct": 100 * cpu / (time.monotonic() - t0), "rss_mb": statistics.median(samples),
            "window": (wall0, time.time())}


REPORT = """
from json import dumps
from watchroom.recording.models import Segment
rows = [(s.camera_id, s.start.timestamp(), s.end.timestamp(), s.sealed_at.timestamp())
        for s in Segment.objects.order_by("camera_id", "start")]
print(dumps(rows))
"""


def watchroom_run(urls, seconds, segment, warmup, data: Path) -> dict:
    env, recorder = recorder_start(urls, data, segment)
    figures = measure(lambda: process_tree(recorder.pid), seconds, warmup)
    first, last = figures.pop("window")
    recorder.terminate()
    _, errors = recorder.communicate(timeout=120)
    rows = shell_json(env, REPORT)
    by_camera: dict[int, list] = {}
    for camera, start, end, sealed in rows:
        by_camera.setdefault(camera, []).append((start, end, sealed))
    lost = 0
    # every camera must cover the measured window: count the segment lengths it lacks
    for camera_rows in by_camera.values():
        inside = [(s, e) for s, e, _ in camera_rows if e > first and s < last]
        covered = sum(min(e, last) - max(s, first) for s, e in inside)
        lost += max(0, int((last - first - covered) // segment) - 1)
    lost += (len(urls) - len(by_camera)) * int((last - first) // segment)
    quarantined = list((data / "recordings" / ".quarantine").rglob("*"))
    stats = json.loads((data / "recorder-stats.json").read_text())
    return {**figures, "segments": len(rows), "lost": lost,
            "refused": len([q for q in quarantined if q.is_file()]),
            "seal_p95": stats.get("p95_s", float("nan")),
            "errors": errors[-2000:]}


def ffmpeg_run(urls, seconds, segment, warmup, out: Path) -> dict:
    import imageio_ffmpeg

    processes = []
    for i, url in enumerate(urls):
        folder = out / f"c{i:03d}"
        folder.mkdir(parents=True)
        processes.append(subprocess.Popen([
            imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-rtsp_transport", "tcp",
            "-i", url, "-c", "copy", "-f", "segment", "-segment_time", str(segment),
            "-reset_timestamps", "1", "-segment_format", "mp4", str(folder / "%05d.mp4")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    figures = measure(lambda: [p.pid for p in processes], seconds, warmup)
    for p in processes:
        p.terminate()
    for p in processes:
        p.wait(30)
    first, last = figures.pop("window")
    expected = int((last - first) // segment) - 1
    counts = [sum(1 for f in (out / f"c{i:03d}").glob("*.mp4")
                  if first + segment <= f.stat().st_mtime <= last)
              for i in range(len(urls))]
    return {**figures, "segments": sum(counts),
            "lost": sum(max(0, expected - c) for c in counts)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--segment", type=int, default=10)
    parser.add_argument("--clip", choices=sorted(CLIPS), default="1080p",
                        help="1080p: 1920×1080 at 4 Mbit/s; 540p: 960×540 at 1.5 Mbit/s")
    parser.add_argument("--quick", action="store_true", help="2 small streams, 20 s")
    args = parser.parse_args()
    if args.quick:
        args.streams, args.seconds, args.segment = 2, 20, 4
    warmup = 2 * args.segment if args.quick else 15
    # the clip outlasts warm-up, measurement and stopping, in whole minutes
    length = 60 * -(-(warmup + args.seconds + 30) // 60)
    if args.quick:
        clip = ensure_clip(length, 640, 360, 800)
    else:
        clip = ensure_clip(length, *CLIPS[args.clip])
    with tempfile.TemporaryDirectory(prefix="watchroom-bench-") as tmp:
        with RtspServer(streams=args.streams, source=str(clip), once=1) as server:
            urls = [server.url(i) for i in range(args.streams)]
            ours = watchroom_run(urls, args.seconds, args.segment, warmup,
                                 Path(tmp) / "watchroom")
        with RtspServer(streams=args.streams, source=str(clip), once=1) as server:
            urls = [server.url(i) for i in range(args.streams)]
            base = ffmpeg_run(urls, args.seconds, args.segment, warmup, Path(tmp) / "ffmpeg")
    n = args.streams
    print(f"streams={n}")
    print(f"seconds={args.seconds}")
    print(f"segment_s={args.segment}")
    print(f"clip={'quick' if args.quick else args.clip}")
    print(f"lost_segments={ours['lost']}")
    print(f"refused_segments={ours['refused']}")
    print(f"segments={ours['segments']}")
    print(f"cpu_pct_per_stream={ours['cpu_pct'] / n:.3f}")
    print(f"rss_mb_per_stream={ours['rss_mb'] / n:.2f}")
    print(f"seal_latency_p95_s={ours['seal_p95']:.3f}")
    print(f"ffmpeg_lost_segments={base['lost']}")
    print(f"ffmpeg_segments={base['segments']}")
    print(f"ffmpeg_cpu_pct_per_stream={base['cpu_pct'] / n:.3f}")
    print(f"ffmpeg_rss_mb_per_stream={base['rss_mb'] / n:.2f}")
    print(f"cpu_ratio={ours['cpu_pct'] / max(base['cpu_pct'], 1e-9):.2f}")
    print(f"rss_ratio={ours['rss_mb'] / max(base['rss_mb'], 1e-9):.2f}")
    if ours["errors"].strip():
        print("recorder stderr (tail):\n" + ours["errors"], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
