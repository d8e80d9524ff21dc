"""Image checks benchmark: their cost on 1080p pictures, and how well they find each fault
on a labelled set of pictures from the test sources (tests/support/health_sources.py).

    uv run python bench/health.py [--quick]

Prints `name=value` lines: checks_p50_ms, checks_p95_ms (all checks on one decoded 1080p
picture at 4 Mbit/s, with a reference and a frozen window; decoding excluded; wall
clock), checks_cpu_ms (their CPU time, all threads, median), load_average (the machine's,
one minute, at the end) and
healthy_1080p_faults (faults found on those healthy pictures: 0); decode_keyframe_ms
(decoding one 1080p H.264 keyframe, median) and to_bgr_ms (turning it into the checks'
array); then precision_<kind> and recall_<kind> for each kind of the labelled set, and
samples_<kind>.

The sweep (`--sweep N`, 4 in --quick, 0: none; `--sweep-only`: without the figures
above): N RTSP test cameras on loopback, one GStreamer server with a mount point each,
serving a pre-encoded clip from the file (no encoding; 720p, 10 fps, a keyframe every
second, no B-frames; 360p in --quick), as a camera answers: each connection its own
stream, from a keyframe, paced by the clip's timestamps. Each camera is probed as the
health sweep probes it (DESCRIBE, a pull of three keyframes, every image check),
`--parallel` (default HEALTH_PARALLEL) at a time, the checks no more at once than the
cores: sweep_cameras, sweep_parallel, sweep_seconds (all of them, wall clock),
sweep_per_camera_ms (median), sweep_cpu_s and sweep_cpu_per_camera_ms (this process's
CPU), sweep_server_cpu_s (the test server's), sweep_unhealthy (0), load_average_sweep.
`--recording M` runs the sweep while Watchroom's recorder records M 1080p test cameras
(bench/recorder.py's clip, its own server, 20 s of warm-up) and adds
recording_lost_segments (bench/recorder.py's count, over the sweep's time) and
recording_segments_in_window. The database is the recorder's own (SQLite in a temporary
folder); the sweep keeps no HealthCheck rows.

    uv run python bench/health.py --sweep-only --sweep 200 [--parallel 16] [--recording 16]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import av  # noqa: E402
from tests.support.health_sources import FPS, decode, make_clip  # noqa: E402

from watchroom.health.images import Reference, check_image, frozen_sample  # noqa: E402

CACHE = ROOT / "bench" / ".cache" / "health"
LABELLED = ("normal", "black", "frozen", "blurred", "covered", "dark", "moved", "bright", "cast")
WINDOW = 5  # pictures in the frozen window, one in every FPS // 2 (two seconds)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def speed(iterations: int) -> dict:
    # A camera's main stream: 1080p, 4 Mbit/s, as the recorder benchmark's clip.
    clip = make_clip(CACHE / "normal-1920x1080-4000k-3s.ts", "normal", 1920, 1080,
                     seconds=3, kbps=4000)
    pictures = decode(str(clip), 30)
    reference = Reference.of(pictures[0])
    times, cpu, faults = [], [], 0
    for picture in pictures[:3]:  # OpenCV's first calls set up its threads
        check_image(picture, reference=reference)
    for i in range(iterations):
        at = WINDOW + i % (len(pictures) - WINDOW)
        samples = [frozen_sample(p) for p in pictures[at - WINDOW + 1:at]]
        started, started_cpu = time.perf_counter(), time.process_time()
        result = check_image(pictures[at], reference=reference, frozen_samples=samples)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        faults += result.fault is not None
    decode_ms, bgr_ms = [], []
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        stream.codec_context.thread_count = 1  # one picture out for each packet in
        for packet in container.demux(stream):
            started = time.perf_counter()
            frames = stream.codec_context.decode(packet)
            took = time.perf_counter() - started
            if packet.is_keyframe and frames:
                decode_ms.append(took * 1000)
                started = time.perf_counter()
                frames[0].to_ndarray(format="bgr24")
                bgr_ms.append((time.perf_counter() - started) * 1000)
    return {"checks_p50_ms": statistics.median(times), "checks_p95_ms": percentile(times, .95),
            "checks_cpu_ms": statistics.median(cpu), "load_average": os.getloadavg()[0],
            "decode_keyframe_ms": statistics.median(decode_ms),
            "to_bgr_ms": statistics.median(bgr_ms), "check_runs": len(times),
            "healthy_1080p_faults": faults}


def detection(variants: int, windows: int) -> dict:
    step = FPS // 2
    reference = decode(str(make_clip(CACHE / "normal-640x360-0-4s.ts", "normal")), 1)[0]
    reference = Reference.of(reference)
    truth, guess = [], []
    for kind in LABELLED:
        for variant in range(variants):
            seconds = 2 + windows * WINDOW * step // FPS
            clip = make_clip(CACHE / f"{kind}-640x360-{variant}-{seconds}s.ts", kind,
                             variant=variant, seconds=seconds)
            pictures = decode(str(clip), 2 + windows * WINDOW, every=step)
            for w in range(windows):
                window = pictures[2 + w * WINDOW: 2 + (w + 1) * WINDOW]
                if len(window) < WINDOW:
                    break
                result = check_image(window[-1], earlier=window[:-1], reference=reference)
                truth.append(kind)
                guess.append(result.fault or "normal")
    figures = {}
    for kind in LABELLED:
        hits = sum(t == g == kind for t, g in zip(truth, guess, strict=True))
        said = guess.count(kind)
        figures[f"samples_{kind}"] = truth.count(kind)
        figures[f"precision_{kind}"] = hits / said if said else 0.0
        figures[f"recall_{kind}"] = hits / truth.count(kind) if truth.count(kind) else 0.0
    misses = [f"{t}->{g}" for t, g in zip(truth, guess, strict=True) if t != g]
    figures["confusions"] = ",".join(sorted(set(misses))) or "none"
    return figures


def sweep(cameras: int, quick: bool, parallel: int | None = None) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchroom.settings")
    django.setup()
    from django.conf import settings
    from tests.support.rtsp import RtspServer

    from watchroom.health.probe import capture, cpu_slot
    from watchroom.health.rtsp_probe import describe

    parallel = parallel or settings.WATCHROOM["HEALTH_PARALLEL"]
    width, height = (640, 360) if quick else (1280, 720)
    # The cameras as a camera answers: each connection its own stream (no shared media
    # winding down after the DESCRIBE), from the clip's start (a keyframe) and played
    # once, paced by its timestamps (a looping file jumps back in time at each pass,
    # which the client's stream probing waits out), without reordered pictures (IP
    # cameras send none; a decoder holds reordered ones back, and the demuxer's probing
    # with them). Served from the file: no encoding in the server.
    clip = make_clip(CACHE / f"normal-{width}x{height}-0-12s-bf0.ts", "normal", width, height,
                     seconds=12, bframes=0)

    def one(url: str) -> tuple[float, bool]:
        started = time.perf_counter()
        answer = describe(url)
        shot = capture(url, options={"rtsp_transport": "tcp"}, source="pull")
        if not shot.pictures and "5XX" in shot.error:  # as the probe: once more
            time.sleep(0.5)
            shot = capture(url, options={"rtsp_transport": "tcp"}, source="pull")
        healthy = answer.reachable and bool(shot.pictures)
        if healthy:
            with cpu_slot():
                healthy = not check_image(shot.pictures[-1], earlier=shot.pictures[:-1]).failed
        return (time.perf_counter() - started) * 1000, healthy

    with RtspServer(streams=cameras, source=str(clip), once=1, shared=0) as server:
        urls = [server.url(i) for i in range(cameras)]
        ticks = server_ticks(server.process.pid)
        started, started_cpu = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            results = list(pool.map(one, urls))
        took, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        server_cpu = (server_ticks(server.process.pid) - ticks) / os.sysconf("SC_CLK_TCK")
    return {"sweep_cameras": cameras, "sweep_parallel": parallel, "sweep_seconds": took,
            "sweep_per_camera_ms": statistics.median(ms for ms, _ok in results),
            "sweep_cpu_s": cpu, "sweep_cpu_per_camera_ms": cpu * 1000 / cameras,
            "sweep_server_cpu_s": server_cpu, "sweep_unhealthy": sum(not ok for _ms, ok in results),
            "load_average_sweep": os.getloadavg()[0]}


def while_recording(streams: int, run, segment: int = 10, warmup: float = 20) -> dict:
    """`run()`'s figures, run while Watchroom's recorder records `streams` RTSP test
    cameras (bench/recorder.py's 1080p clip at 4 Mbit/s, its own server), and the
    segments those cameras lost during it (bench/recorder.py's count)."""
    import tempfile

    from tests.support.rtsp import RtspServer

    from bench._django import recorder_start, shell_json
    from bench.recorder import REPORT, ensure_clip

    clip = ensure_clip(120, 1920, 1080, 4000)
    with tempfile.TemporaryDirectory(prefix="watchroom-bench-") as tmp, \
            RtspServer(streams=streams, source=str(clip), once=1) as server:
        urls = [server.url(i) for i in range(streams)]
        env, recorder = recorder_start(urls, Path(tmp), segment)
        try:
            time.sleep(warmup)
            first = time.time()
            figures = run()
            last = time.time()
            time.sleep(segment + 2)  # the last segment of the window sealed
        finally:
            recorder.terminate()
            recorder.communicate(timeout=120)
        rows = shell_json(env, REPORT)
    by_camera: dict[int, list] = {}
    for camera, start, end, _sealed in rows:
        by_camera.setdefault(camera, []).append((start, end))
    lost = 0
    for camera_rows in by_camera.values():  # as bench/recorder.py counts them
        inside = [(s, e) for s, e in camera_rows if e > first and s < last]
        covered = sum(min(e, last) - max(s, first) for s, e in inside)
        lost += max(0, int((last - first - covered) // segment) - 1)
    lost += (streams - len(by_camera)) * int((last - first) // segment)
    return {**figures, "recording_streams": streams, "recording_lost_segments": lost,
            "recording_segments_in_window": sum(
                1 for rows_ in by_camera.values() for s, e in rows_ if e > first and s < last)}


def server_ticks(pid: int) -> int:
    """The test server's CPU time so far (user and system), in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a few pictures, for the tests")
    parser.add_argument("--sweep", type=int, default=None,
                        help="RTSP test cameras to probe (default 16; 4 with --quick)")
    parser.add_argument("--parallel", type=int, default=None,
                        help="the sweep's probes at a time (default HEALTH_PARALLEL)")
    parser.add_argument("--recording", type=int, default=0,
                        help="the sweep while the recorder records this many 1080p test "
                             "cameras; prints the segments they lost")
    parser.add_argument("--sweep-only", action="store_true",
                        help="the sweep alone, without the checks' cost and detection")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    figures = {}
    if not args.sweep_only:
        figures |= speed(20 if args.quick else 300)
        figures |= detection(*((1, 1) if args.quick else (4, 4)))
    cameras = args.sweep if args.sweep is not None else (4 if args.quick else 16)
    if cameras and args.recording:
        figures |= while_recording(args.recording,
                                   lambda: sweep(cameras, args.quick, args.parallel))
    elif cameras:
        figures |= sweep(cameras, args.quick, args.parallel)
    for name, value in figures.items():
        print(f"{name}={value:.3f}" if isinstance(value, float) else f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
