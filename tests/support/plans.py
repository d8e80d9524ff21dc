"""Floor plan pictures for tests, made by real encoders: a PNG drawn with the demo's
drawing code, a JPEG encoded by FFmpeg (PyAV's mjpeg), and an SVG carrying a script."""

import io

import av
import pytest

from watchroom.devices.demo_plan import Drawing

SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
       b'height="10"><script>alert(1)</script></svg>')


def png(width: int = 320, height: int = 200) -> bytes:
    drawing = Drawing(width, height)
    drawing.frame(10, 10, width - 10, height - 10)
    return drawing.png()


def jpeg(width: int = 320, height: int = 240) -> bytes:
    source = av.open(f"testsrc2=size={width}x{height}:rate=1", format="lavfi")
    frame = next(source.decode(video=0))
    source.close()
    out = io.BytesIO()
    with av.open(out, "w", format="image2pipe") as container:
        stream = container.add_stream("mjpeg", rate=1)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuvj420p"
        for packet in stream.encode(frame.reformat(format="yuvj420p")):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


@pytest.fixture
def plans_dir(settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "FLOOR_PLANS_DIR": tmp_path / "floorplans"}
    return tmp_path / "floorplans"
