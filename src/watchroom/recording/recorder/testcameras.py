"""Test-pattern cameras for the demo: FFmpeg generates and encodes H.264 locally and
sends each picture as an MPEG-TS stream over UDP on loopback, as a camera would push
it (the first one also a lower-resolution sub-stream). No hardware is needed;
Watchroom's recorder records them like any other camera."""

import imageio_ffmpeg

PATTERNS = [
    "testsrc2=size=640x360:rate=10",
    "life=size=640x360:rate=10:mold=10:ratio=0.5:death_color=#203050",
    "cellauto=size=640x360:rate=10:rule=110",
    # The camera-health demo: this camera's picture goes black from minute 10 to minute
    # 11 of every hour after the demo starts (a fault the health probe finds and clears).
    "testsrc=size=640x360:rate=10,"
    "drawbox=color=black:t=fill:enable=between(mod(t\\,3600)\\,600\\,660)",
]


SUB_STREAMS = 1  # the first cameras also send a lower-resolution sub-stream
SUB_PORT_OFFSET = 50
SUB_SIZE = "320:180"


def url(base_port: int, index: int) -> str:
    return f"udp://127.0.0.1:{base_port + index}"


def sub_url(base_port: int, index: int) -> str:
    """The sub-stream of test camera `index` ("" when it has none)."""
    if index >= SUB_STREAMS:
        return ""
    return f"udp://127.0.0.1:{base_port + SUB_PORT_OFFSET + index}"


def ffmpeg_command(base_port: int, count: int = 4) -> list[str]:
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error"]
    for index in range(count):
        command += ["-re", "-f", "lavfi", "-i", PATTERNS[index % len(PATTERNS)]]
    for index in range(count):
        command += [
            "-map", f"{index}:v", "-c:v", "libx264", "-preset", "ultrafast",
            "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-g", "10", "-b:v", "400k",
            "-f", "mpegts", f"{url(base_port, index)}?pkt_size=1316",
        ]
        if sub_url(base_port, index):
            command += [
                "-map", f"{index}:v", "-vf", f"scale={SUB_SIZE}", "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-g", "10", "-b:v", "150k",
                "-f", "mpegts", f"{sub_url(base_port, index)}?pkt_size=1316",
            ]
    return command
