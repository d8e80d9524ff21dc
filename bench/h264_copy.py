"""The CPU cost of the H.264 viewing copy of an H.265 segment (range playback for a
browser that cannot decode H.265): CPU seconds of the bundled FFmpeg's libx264 per minute
of footage, for a 1080p and a 540p camera clip.

    uv run python bench/h264_copy.py [--seconds 30] [--fps 25]

Prints one `name=value` line per figure."""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from watchroom.recording.viewing_copies import transcode_h264

CLIPS = {"1080p_4mbit": ("1920x1080", "4M"), "540p_1_5mbit": ("960x540", "1500k")}


def hevc_clip(path: Path, size: str, rate: str, seconds: int, fps: int) -> None:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}", "-t", str(seconds),
                    "-c:v", "libx265", "-preset", "ultrafast", "-b:v", rate, "-tag:v", "hvc1",
                    "-x265-params", f"keyint={fps * 2}:log-level=error",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)],
                   check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, (size, rate) in CLIPS.items():
            source = Path(folder) / f"{name}.mp4"
            hevc_clip(source, size, rate, args.seconds, args.fps)
            began = time.perf_counter()
            cpu = transcode_h264(source, Path(folder) / f"{name}-h264.mp4")
            wall = time.perf_counter() - began
            print(f"h264_copy_cpu_s_per_min_{name}={cpu * 60 / args.seconds:.2f}")
            print(f"h264_copy_wall_s_per_min_{name}={wall * 60 / args.seconds:.2f}")
            print(f"h264_copy_cpu_pct_of_one_core_realtime_{name}="
                  f"{100 * cpu / args.seconds:.1f}")


if __name__ == "__main__":
    main()
