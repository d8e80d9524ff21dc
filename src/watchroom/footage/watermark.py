"""What a watermarked viewing copy says and where (R-FOOT-5): the request number, who
exported it, for whom and when, in a band at the bottom centre, clear of the top
corners where cameras print their own clock."""

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from watchroom.core.times import local_text
from watchroom.footage import fonts

# FFmpeg drawtext: centred, above the bottom edge, a half-transparent box behind it
POSITION = "bottom centre"
DRAWTEXT = ("drawtext=fontfile='{font}':textfile='{textfile}':expansion=none:"
            "x=(w-text_w)/2:y=h-text_h-h/14:fontsize=h/26:line_spacing=2:"
            "fontcolor=white@0.9:box=1:boxcolor=black@0.5:boxborderw=6")


@dataclass(frozen=True)
class Watermark:
    font: Path
    lines: list[str]

    def as_dict(self) -> dict:
        return {"lines": self.lines, "position": POSITION}


def covers_chinese(font: Path) -> bool:
    """Whether fontconfig says `font` has the glyphs for Chinese."""
    if not shutil.which("fc-list"):
        return False
    try:
        listed = subprocess.run(["fc-list", ":lang=zh-cn", "file"], capture_output=True,
                                text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(line.split(":")[0].strip() == str(font) for line in listed.splitlines())


def _tail(value: str) -> str:
    return value[-4:] if len(value) > 4 else value


def lines_for(*, number: str, exporter, recipient: str, unit: str, recipient_id: str,
              when: dt.datetime, chinese: bool) -> list[str]:
    """Two short lines. Names are written when the font can draw them; otherwise the
    exporter's user name and the last four characters of the recipient's document."""
    local = local_text(when, "%Y-%m-%d %H:%M %z")
    staff = getattr(exporter, "staff", None)
    if chinese:
        who = staff.full_name if staff else exporter.get_username()
        return [f"{number}  {local}",
                f"导出 exported by {who} · 交 for {recipient} ({unit})"]
    return [f"{number}  {local}",
            f"exported by {exporter.get_username()} for ID ...{_tail(recipient_id)}"]


def for_export(export) -> Watermark | None:
    font = fonts.watermark_font()
    if font is None:
        return None
    request = export.request
    return Watermark(font, lines_for(
        number=request.number, exporter=export.created_by, recipient=request.requester_name,
        unit=request.requester_unit, recipient_id=request.requester_id_number,
        when=export.created_at, chinese=covers_chinese(font)))


def drawtext(mark: Watermark, folder: Path) -> str:
    textfile = folder / "watermark.txt"
    textfile.write_text("\n".join(mark.lines), encoding="utf-8")
    return DRAWTEXT.format(font=_escape(mark.font.as_posix()),
                           textfile=_escape(textfile.as_posix()))


def _escape(path: str) -> str:
    for char in "\\':":
        path = path.replace(char, "\\" + char)
    return path
