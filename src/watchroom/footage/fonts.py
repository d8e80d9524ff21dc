"""A font for the watermark of a viewing copy: the configured file, or a font that
fontconfig says draws Chinese, or what it offers for sans, or a common system font."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings

COMMON = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/Helvetica.ttc",
    "C:/Windows/Fonts/arial.ttf",
]


def watermark_font() -> Path | None:
    configured = settings.WATCHROOM.get("WATERMARK_FONT")
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    if shutil.which("fc-list"):
        try:
            chinese = subprocess.run(["fc-list", ":lang=zh-cn", "file"], capture_output=True,
                                     text=True, timeout=10).stdout.splitlines()
        except (OSError, subprocess.SubprocessError):
            chinese = []
        found = sorted(line.split(":")[0].strip() for line in chinese if line.strip())
        if found and Path(found[0]).is_file():
            return Path(found[0])
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", "sans"], capture_output=True,
                                   text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).is_file():
            return Path(found)
    return next((Path(p) for p in COMMON if Path(p).is_file()), None)
