"""Camera pictures with faults made at the source, for the image checks' tests and
benchmark: FFmpeg's lavfi draws the scene (testsrc2 with moving parts and sensor noise)
and the fault (a black picture, a still frame, blur, a cover, darkness, glare, a colour
cast, the camera turned), encodes it with x264 into a short MPEG-TS clip, which the RTSP
test server serves (`RtspServer(source=clip)`) or PyAV decodes directly."""

import subprocess
from pathlib import Path

import av
import imageio_ffmpeg

FPS = 10
KINDS = ("normal", "black", "frozen", "blurred", "covered", "dark", "bright", "cast", "moved")

# The scene every camera looks at (colours of a room, not a test chart's, and tiles: detail
# everywhere); `noise` is the sensor's, fresh in every picture.
SCENE = ("testsrc2=size={w}x{h}:rate={fps},hue=s=0.35,"
         "drawgrid=w=iw/40:h=ih/45:t=2:c=black@0.45,"
         "drawgrid=w=iw/7:h=ih/5:x=iw/23:y=ih/17:t=5:c=white@0.6")
NOISE = "noise=alls={noise}:allf=t"


def filters(kind: str, variant: int, width: int) -> str:
    """The lavfi graph of one kind of picture. `variant` (0, 1, 2 …) changes the fault's
    strength or place, so that a labelled set holds more than one picture of each."""
    v = variant % 4
    scene = SCENE + ",{pre}" + NOISE
    match kind:
        case "normal":
            return scene.replace("{pre}", "")
        case "black":  # no signal: black, the sensor's noise at most
            return "color=c=black:size={w}x{h}:rate={fps}," + f"noise=alls={v}:allf=t"
        case "frozen":  # the encoder repeats one picture, noise and all
            return (SCENE + "," + NOISE.format(noise=8) +
                    ",trim=end_frame=1,loop=loop=-1:size=1:start=0,setpts=N/{fps}/TB")
        case "blurred":  # out of focus, or a fogged lens; sigma for a 1080p picture
            sigma = (8, 10, 12, 16)[v]
            return scene.replace("{pre}", f"gblur=sigma={sigma * width / 1920:.2f},")
        case "covered":  # a cloth or a hand over most of the picture
            colour, left = (("0x6a5d50", 0), ("0x2c2c34", 1), ("0x9a9a90", 0), ("0x40506a", 1))[v]
            x = "iw*0.12" if left else "0"
            return scene.replace("{pre}", f"drawbox=x={x}:y=0:w=iw*0.88:h=ih*0.9:"
                                          f"color={colour}:t=fill,")
        case "dark":  # night, or the light switched off
            level = (0.22, 0.16, 0.12, 0.28)[v]
            return scene.replace("{pre}", f"colorlevels=romax={level}:gomax={level}"
                                          f":bomax={level},")
        case "bright":  # glare, or the exposure stuck open
            level = (0.8, 0.75, 0.85, 0.7)[v]
            return scene.replace("{pre}", f"colorlevels=romin={level}:gomin={level}"
                                          f":bomin={level},")
        case "cast":  # a failing sensor or white balance: one colour over everything
            mix = ("bb=0.45:gg=0.8", "rr=0.4:gg=0.8", "rr=0.6:bb=0.6", "gg=0.5:bb=0.8")[v]
            return scene.replace("{pre}", f"colorchannelmixer={mix},")
        case "moved":  # turned away: the same scene, shifted and zoomed
            crop = ("iw*0.7:ih*0.7:iw*0.3:ih*0.3", "iw*0.7:ih*0.7:0:ih*0.3",
                    "iw*0.6:ih*0.6:iw*0.4:0", "iw*0.75:ih*0.75:0:0")[v]
            return scene.replace("{pre}", f"crop={crop},scale={{w}}:{{h}},")
    raise ValueError(kind)


def make_clip(path: Path, kind: str, width: int = 640, height: int = 360, seconds: float = 4,
              variant: int = 0, kbps: int = 0, bframes: int | None = None) -> Path:
    """An H.264 MPEG-TS clip of `kind` (one keyframe a second), written once to `path`;
    `kbps` 0: a bitrate that keeps the sensor's noise (8 bits a pixel a second);
    `bframes` 0: no reordered pictures, as most IP cameras send (None: x264's choice)."""
    if path.exists():
        return path
    graph = filters(kind, variant, width)
    graph = graph.replace("{noise}", str(8 + 2 * (variant % 4)))
    graph = graph.format(w=width, h=height, fps=FPS)
    temp = path.with_suffix(".part.ts")
    subprocess.run([
        imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi",
        "-i", graph, "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast",
        "-g", str(FPS), *(["-bf", str(bframes)] if bframes is not None else []),
        "-pix_fmt", "yuv420p", "-b:v", f"{kbps or width * height * 8 // 1000}k",
        "-f", "mpegts", str(temp)], check=True)
    temp.rename(path)
    return path


def decode(source: str, frames: int, every: int = 1, timeout: float = 20) -> list:
    """`frames` decoded pictures (BGR arrays) from a file or an RTSP address, one of
    every `every`."""
    options = {"rtsp_transport": "tcp", "timeout": str(int(timeout * 1e6))}
    pictures = []
    with av.open(source, options=options if source.startswith("rtsp:") else {}) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index % every == 0:
                pictures.append(frame.to_ndarray(format="bgr24"))
            if len(pictures) == frames:
                break
    return pictures
