"""RTSP cameras for tests and benchmarks: GStreamer's RTSP server, run by the system
interpreter (/usr/bin/python3, which has PyGObject), never by the project's venv.

    /usr/bin/python3 rtsp_server.py --port 0 --streams 4 [--source pattern|FILE.ts]

Mount points /cam0 … /cam{N-1}. `pattern` encodes a live test picture with x264
(or x265: --codec h265);
a FILE (MPEG-TS with H.264, or H.265 with --codec h265) is served in real time, looping
(or once: --once 1). Prints `READY <port>`.

A camera's answer, cheaply (bench/health.py's sweep): a FILE without B-frames,
`--once 1 --shared 0`. Each connection then gets its own stream from the file's start
(a keyframe) at once. Looping (multifilesrc) jumps back in time at each pass, and FFmpeg's
stream probing waits that out (3–5 s to open); a shared mount answers a PLAY right after
a DESCRIBE's connection closed with 503 while that media winds down; B-frames make the
client's decoder and probing hold pictures back.
"""

import argparse
import signal
import socket
import sys
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pattern_launch(args, index: int) -> str:
    patterns = ["ball", "smpte", "snow", "pinwheel"]
    if args.codec == "h265":
        return (
            f"( videotestsrc is-live=true pattern={patterns[index % len(patterns)]} "
            f"! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1 "
            f"! x265enc tune=zerolatency speed-preset=ultrafast "
            f"key-int-max={args.gop or args.fps} bitrate={args.kbps} "
            "! video/x-h265,profile=main ! h265parse config-interval=-1 "
            "! rtph265pay name=pay0 pt=96 config-interval=-1 )"
        )
    return (
        f"( videotestsrc is-live=true pattern={patterns[index % len(patterns)]} "
        f"! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1 "
        f"! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={args.gop or args.fps} "
        f"bitrate={args.kbps} byte-stream=true ! video/x-h264,profile=baseline "
        "! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )


class LoopingFileFactory(GstRtspServer.RTSPMediaFactory):
    """A pre-encoded file, demuxed and paced by its own timestamps, looping for ever."""

    def __init__(self, path: str, loop: bool = True, codec: str = "h264"):
        super().__init__()
        self.path = path
        self.loop = loop
        self.codec = codec

    def do_create_element(self, url):
        # multifilesrc reads the whole file into memory for each pass; a clip played
        # once is streamed from disk by filesrc.
        source = (f"multifilesrc location={self.path} loop=true" if self.loop
                  else f"filesrc location={self.path}")
        return Gst.parse_launch(
            f"( {source} "
            f"! tsparse set-timestamps=true ! tsdemux ! {self.codec}parse config-interval=-1 "
            f"! rtp{self.codec}pay name=pay0 pt=96 config-interval=-1 )"
        )


def log_first_buffer(factory, media, path: str) -> None:
    pad = media.get_element().get_by_name("pay0").get_static_pad("src")

    def first(_pad, _info):
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{time.time():.6f}\n")
        return Gst.PadProbeReturn.REMOVE

    pad.add_probe(Gst.PadProbeType.BUFFER, first)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--streams", type=int, default=1)
    parser.add_argument("--source", default="pattern")
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--kbps", type=int, default=300)
    parser.add_argument("--codec", default="h264", choices=["h264", "h265"],
                        help="the pattern's codec")
    parser.add_argument("--gop", type=int, default=0,
                        help="pictures from one keyframe to the next (default: one second)")
    parser.add_argument("--first_buffer_log", default="",
                        help="a file to which the wall time the first picture leaves the "
                             "payloader of each media is appended")
    parser.add_argument("--once", type=int, default=0,
                        help="1: play a FILE source once instead of looping it")
    parser.add_argument("--shared", type=int, default=1,
                        help="0: each connection its own media, as a camera answers each "
                             "client at once (1: one media for all viewers of a mount, "
                             "which after a DESCRIBE alone answers 503 while it winds down)")
    args = parser.parse_args()

    Gst.init(None)
    port = args.port or free_port()
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(port))
    mounts = server.get_mount_points()
    for index in range(args.streams):
        if args.source == "pattern":
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(pattern_launch(args, index))
        else:
            factory = LoopingFileFactory(args.source, loop=not args.once, codec=args.codec)
        factory.set_shared(bool(args.shared))
        if args.first_buffer_log:
            factory.connect("media-configure", log_first_buffer, args.first_buffer_log)
        mounts.add_factory(f"/cam{index}", factory)
    if server.attach(None) == 0:
        print(f"cannot listen on 127.0.0.1:{port}", file=sys.stderr)
        return 1
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    print(f"READY {port}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
