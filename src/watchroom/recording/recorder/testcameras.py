"""Test cameras for the demo: FFmpeg generates and encodes H.264 locally and
sends each picture as an MPEG-TS stream over UDP on loopback, as a camera would push
it (the first one also a lower-resolution sub-stream). No hardware is needed;
Watchroom's recorder records them like any other camera."""

import imageio_ffmpeg

# Each looks at a room of its own (a room's colours, detail everywhere, the sensor's
# noise), so that the health checks pass on them as on real cameras. The last one loses
# its picture for a minute every hour, from its third minute on: a newcomer to the demo
# sees the health check find it and the fault open, and the picture come back.
SCENE = ("testsrc2=size=640x360:rate=10,hue=s=0.35:h={hue},"
         "drawgrid=w=iw/40:h=ih/45:t=2:c=black@0.45,"
         "drawgrid=w=iw/7:h=ih/5:x=iw/{x}:y=ih/{y}:t=5:c=white@0.6,noise=alls=8:allf=t")
BLACK_MINUTE = ",drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill:enable='between(mod(t,3600),180,240)'"
PATTERNS = [
    SCENE.format(hue=0, x=23, y=17),
    SCENE.format(hue=40, x=11, y=29),
    SCENE.format(hue=-35, x=31, y=7),
    SCENE.format(hue=80, x=5, y=13) + BLACK_MINUTE,
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
