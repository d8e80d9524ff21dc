"""What a floor plan upload really is: a PNG or JPEG picture, read from its bytes
(whatever its name says), decoded once to prove it is whole, within the size allowed.
SVG is refused: a drawing that can carry scripts is not shown to the wall."""

import io
import struct
from dataclasses import dataclass

import av
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 8000 × 5000 drawing; more is refused before decoding
PNG = "image/png"
JPEG = "image/jpeg"
SUFFIX = {PNG: ".png", JPEG: ".jpg"}
_DEMUXER = {PNG: "png_pipe", JPEG: "jpeg_pipe"}


class NotAPlan(ValueError):
    """The upload cannot be a floor plan; its message says why, translated."""


@dataclass(frozen=True)
class PlanImage:
    content_type: str
    width: int
    height: int


def _kind(content: bytes) -> str | None:
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def _looks_like_svg(content: bytes) -> bool:
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head


def _png_size(content: bytes) -> tuple[int, int]:
    if len(content) < 24 or content[12:16] != b"IHDR":
        raise NotAPlan(_("The PNG file has no picture header."))
    return struct.unpack(">II", content[16:24])


def _jpeg_size(content: bytes) -> tuple[int, int]:
    """The picture's size from its frame header (SOFn), walking the markers."""
    at = 2
    while at + 4 <= len(content):
        if content[at] != 0xFF:
            break
        marker = content[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        length = struct.unpack(">H", content[at + 2:at + 4])[0]
        if marker in {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD,
                      0xCE, 0xCF} and at + 9 <= len(content):
            height, width = struct.unpack(">HH", content[at + 5:at + 9])
            return width, height
        at += 2 + length
    raise NotAPlan(_("The JPEG file has no picture header."))


def inspect(content: bytes) -> PlanImage:
    """The upload's real type and size in pixels, or NotAPlan."""
    if len(content) > MAX_BYTES:
        raise NotAPlan(_("The floor plan is %(size)s MB; at most %(limit)s MB is accepted.") % {
            "size": f"{len(content) / 1024 / 1024:.1f}", "limit": MAX_BYTES // 1024 // 1024})
    if not content:
        raise NotAPlan(_("The file is empty."))
    kind = _kind(content)
    if kind is None:
        if _looks_like_svg(content):
            raise NotAPlan(_("SVG drawings are not accepted: they can carry scripts. Export "
                             "the plan as PNG or JPEG."))
        raise NotAPlan(_("The file is not a PNG or JPEG picture."))
    width, height = _png_size(content) if kind == PNG else _jpeg_size(content)
    if not width or not height or width * height > MAX_PIXELS:
        raise NotAPlan(_("The picture is %(width)s × %(height)s pixels; at most %(limit)s "
                         "million pixels are accepted.") % {
            "width": width, "height": height, "limit": MAX_PIXELS // 1_000_000})
    try:
        with av.open(io.BytesIO(content), format=_DEMUXER[kind]) as container:
            frame = next(container.decode(video=0))
    except (av.FFmpegError, StopIteration, ValueError):
        raise NotAPlan(_("The picture is damaged and cannot be shown.")) from None
    if (frame.width, frame.height) != (width, height):
        raise NotAPlan(_("The picture is damaged and cannot be shown."))
    return PlanImage(kind, width, height)
