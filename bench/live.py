"""Live benchmark: N RTSP streams of the recorder benchmark's clip (1080p H.264, ~4 Mbit/s,
25 fps) recorded by Watchroom's recorder, alone and, in the same run, each
watched live by one viewer (a 4×4 wall's worth for 16), each viewer reading its stream
over HTTP from the recorder's live server with a ticket, as the wall does.

    uv run python bench/live.py [--streams 16] [--seconds 60] [--segment 10] [--quick]
                                [--transcode]

Phases of --seconds each: recording alone, recording watched, recording alone again.
Prints `name=value` lines: live_extra_cpu_pct (the recorder's CPU with viewers minus
its mean without, % of one core, for all streams), live_latency_p95_ms (a picture's arrival at
the recorder → its bytes written to the viewer's socket), lost_segments over both
phases, and with --transcode the CPU of one H.265 camera watched as H.264.
"""

import argparse
import http.client
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.rtsp import RtspServer  # noqa: E402

from bench._django import recorder_start, shell_json  # noqa: E402
from bench.recorder import cpu_seconds, ensure_clip, process_tree  # noqa: E402

TICKETS = """
from json import dumps
from django.contrib.auth import get_user_model
from watchroom.devices.models import Camera
from watchroom.recording import live_tickets, services
user = get_user_model().objects.get(username="viewer")
tickets = {{}}
for camera in Camera.objects.order_by("code"):
    session = services.live_session_open(actor=user, camera=camera, stream="main")
    tickets[camera.pk] = live_tickets.issue(user_id=user.pk, camera_id=camera.pk, stream="main",
                                            session_id=session.pk, codec={codec!r})
print(dumps(tickets))
"""

REPORT = """
from json import dumps
from watchroom.recording.models import LiveSession, Segment
rows = [(s.camera_id, s.start.timestamp(), s.end.timestamp())
        for s in Segment.objects.order_by("camera_id", "start")]
sessions = list(LiveSession.objects.values_list("end_reason", "bytes"))
print(dumps({"rows": rows, "sessions": sessions}))
"""


class Viewer(threading.Thread):
    """Reads one live stream as fast as it comes, like a browser's MSE player."""

    def __init__(self, port: int, camera_id: str, token: str):
        super().__init__(daemon=True)
        self.port, self.path = port, f"/live/{camera_id}/main.mp4?t={token}"
        self.bytes = 0
        self.status = 0
        self.stop_event = threading.Event()

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", self.path)
            response = connection.getresponse()
            self.status = response.status
            while not self.stop_event.is_set():
                chunk = response.read1(262144)
                if not chunk:
                    break
                self.bytes += len(chunk)
            response.close()
        except OSError:
            pass
        finally:
            connection.close()


def cpu_window(pids_of, seconds: float) -> float:
    pids = pids_of()
    cpu0, t0 = cpu_seconds(pids), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(pids_of()) - cpu0) / (time.monotonic() - t0)


def lost_segments(rows, first: float, last: float, segment: int, cameras: int) -> int:
    by_camera: dict[int, list] = {}
    for camera, start, end in rows:
        by_camera.setdefault(camera, []).append((start, end))
    lost = 0
    for spans in by_camera.values():
        covered = sum(min(e, last) - max(s, first) for s, e in spans if e > first and s < last)
        lost += max(0, int((last - first - covered) // segment) - 1)
    return lost + (cameras - len(by_camera)) * int((last - first) // segment)


def run(urls, seconds: float, segment: int, warmup: float, data: Path, codec: str = "") -> dict:
    env, recorder = recorder_start(urls, data, segment)
    port = int(env["WATCHROOM_LIVE_PORT"])
    pids = lambda: process_tree(recorder.pid)  # noqa: E731
    time.sleep(warmup)
    first = time.time()
    alone = cpu_window(pids, seconds)
    tickets = shell_json(env, TICKETS.format(codec=codec))
    viewers = [Viewer(port, camera, token) for camera, token in tickets.items()]
    for viewer in viewers:
        viewer.start()
    time.sleep(3)  # each viewer's first keyframe and the burst of its GOP
    watched = cpu_window(pids, seconds)
    for viewer in viewers:
        viewer.stop_event.set()
    for viewer in viewers:
        viewer.join(10)
    time.sleep(2)
    # alone again after the viewers: the two windows around the watched one cancel
    # whatever drifts during the run (the clip's content, the machine's other load)
    alone = (alone + cpu_window(pids, seconds)) / 2
    last = time.time()
    recorder.terminate()
    _, errors = recorder.communicate(timeout=120)
    report = shell_json(env, REPORT)
    stats = json.loads((data / "live-stats.json").read_text())
    return {"alone": alone, "watched": watched, "stats": stats,
            "lost": lost_segments(report["rows"], first, last, segment, len(urls)),
            "segments": len(report["rows"]), "viewers_ok": sum(v.status == 200 for v in viewers),
            "viewer_mbit_s": sum(v.bytes for v in viewers) * 8 / 1e6 / (seconds + 3),
            "sessions": report["sessions"], "errors": errors[-2000:]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60, help="each phase")
    parser.add_argument("--segment", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="2 small streams, 8 s phases")
    parser.add_argument("--transcode", action="store_true",
                        help="also: one 720p H.265 camera watched as H.264 "
                             "(--streams 0: only that)")
    args = parser.parse_args()
    if args.quick:
        args.streams, args.seconds, args.segment = 2, 8, 4
    warmup = 2 * args.segment if args.quick else 15
    length = 60 * -(-(warmup + 3 * args.seconds + 50) // 60)
    clip = ensure_clip(length, *((640, 360, 800) if args.quick else (1920, 1080, 4000)))
    with tempfile.TemporaryDirectory(prefix="watchroom-bench-") as tmp:
        ours = None
        if args.streams:
            with RtspServer(streams=args.streams, source=str(clip), once=1) as server:
                urls = [server.url(i) for i in range(args.streams)]
                ours = run(urls, args.seconds, args.segment, warmup, Path(tmp) / "live")
        transcode = None
        if args.transcode:
            hevc = ensure_clip(length, 1280, 720, 2000, codec="hevc")
            server = RtspServer(streams=1, source=str(hevc), once=1, codec="h265")
            server.start()
            try:
                transcode = run([server.url(0)], args.seconds, args.segment, warmup,
                                Path(tmp) / "transcode", codec="h264")
            finally:
                server.stop()
    if ours is not None:
        report(args, ours)
    if transcode is not None:
        print(f"transcode_cpu_pct_alone={transcode['alone']:.2f}")
        print(f"transcode_extra_cpu_pct={transcode['watched'] - transcode['alone']:.2f}")
        print(f"transcode_latency_p95_ms={transcode['stats'].get('latency_p95_ms')}")
        print(f"transcode_viewer_mbit_s={transcode['viewer_mbit_s']:.2f}")
        print(f"transcode_lost_segments={transcode['lost']}")
    return 0


def report(args, ours: dict) -> None:
    stats = ours["stats"]
    print(f"streams={args.streams}")
    print(f"seconds_per_phase={args.seconds}")
    print(f"segment_s={args.segment}")
    print(f"viewers={ours['viewers_ok']}")
    print(f"viewer_mbit_s={ours['viewer_mbit_s']:.1f}")
    print(f"recording_cpu_pct={ours['alone']:.2f}")
    print(f"recording_and_live_cpu_pct={ours['watched']:.2f}")
    print(f"live_extra_cpu_pct={ours['watched'] - ours['alone']:.2f}")
    print(f"live_latency_p50_ms={stats.get('latency_p50_ms', float('nan'))}")
    print(f"live_latency_p95_ms={stats.get('latency_p95_ms', float('nan'))}")
    print(f"live_latency_max_ms={stats.get('latency_max_ms', float('nan'))}")
    print(f"viewers_dropped={stats.get('dropped', 0)}")
    print(f"segments={ours['segments']}")
    print(f"lost_segments={ours['lost']}")
    if ours["errors"].strip():
        print("recorder stderr (tail):\n" + ours["errors"], file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
