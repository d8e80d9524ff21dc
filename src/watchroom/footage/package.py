"""Writing an export package (R-FOOT-5): the original segment files byte for byte, an
optional merged clip, `manifest.json` signed with Ed25519 (`manifest.sig`), the public
key, `SHA256SUMS` and a README that tells how to check it all with `sha256sum` and
`openssl` alone.

The package is written as `<name>.zip.part`, fsynced, then renamed: a package that
exists is whole."""

import hashlib
import json
import os
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CHUNK = 4 * 1024 * 1024
OPENSSL_VERIFY = ("openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin "
                  "-in manifest.json -sigfile manifest.sig")
META = ("manifest.json", "manifest.sig", "public_key.pem", "SHA256SUMS", "README.txt")


class SegmentChanged(Exception):
    """A segment's bytes no longer match the hash sealed into the catalogue."""


@dataclass(frozen=True)
class Source:
    path: Path
    arcname: str
    sha256: str
    bytes: int
    info: dict


README = """\
Watchroom footage export {number}

This package holds original recordings exactly as they were sealed, and a signed
manifest that describes them. To check it, unpack it and, in the unpacked folder:

1. Check the signature of the manifest (OpenSSL 3):

   {openssl}

   It prints "Signature Verified Successfully". The key's SHA-256 fingerprint is
   {fingerprint}; compare it with the one the issuing site publishes.

2. Check every file against the list:

   sha256sum -c SHA256SUMS

   Every line must end in "OK".

3. Check that the list is the one the manifest signs:

   sha256sum SHA256SUMS

   must print {sums_sha256}, the value of "sha256sums" in manifest.json.

`watchroom export verify {name}` does all three and names anything that fails.
"""


def _copy_hashed(source: Path, target, expected: str | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb", buffering=0) as handle:
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        while n := handle.readinto(buffer):
            chunk = view[:n]
            digest.update(chunk)
            target.write(chunk)
            size += n
    value = digest.hexdigest()
    if expected is not None and value != expected:
        raise SegmentChanged(f"{source}: SHA-256 {value}, sealed as {expected}")
    return value, size


def _concat_list(sources: list[Source], listing: Path) -> Path:
    """The segments in order, as FFmpeg's concat demuxer reads them."""
    listing.write_text("".join(f"file '{s.path.as_posix()}'\n" for s in sources),
                       encoding="utf-8")
    return listing


def merge_clip(sources: list[Source], ffmpeg: str, folder: Path) -> Path:
    """One continuous clip per package (stream copy through FFmpeg's concat demuxer)."""
    listing = _concat_list(sources, folder / "concat.txt")
    out = folder / "merged.mp4"
    subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                    "-i", str(listing), "-c", "copy", "-movflags", "+faststart", str(out)],
                   check=True, capture_output=True, timeout=3600)
    return out


def watermark_clip(sources: list[Source], ffmpeg: str, folder: Path, text: str,
                   font: Path) -> Path:
    """A viewing copy with `text` burned into every picture (this re-encodes)."""
    if not all(c.isalnum() or c in "-_" for c in text):
        raise ValueError(f"watermark text {text!r} has characters the filter would misread")
    listing = _concat_list(sources, folder / "watermark.txt")
    out = folder / "watermarked.mp4"
    drawtext = (f"drawtext=fontfile='{font.as_posix()}':text='{text}':x=w/40:y=h/30:"
                "fontsize=h/18:fontcolor=white@0.85:box=1:boxcolor=black@0.45:boxborderw=8")
    subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                    "-i", str(listing), "-vf", drawtext, "-c:v", "libx264",
                    "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p", "-an",
                    "-movflags", "+faststart", str(out)],
                   check=True, capture_output=True, timeout=6 * 3600)
    return out


def build(*, target: Path, number: str, manifest: dict, sources: list[Source],
          key: Ed25519PrivateKey, merged_clip: bool = False, ffmpeg: str = "",
          watermark_font: Path | None = None,
          progress: Callable[[int], None] = lambda pct: None) -> tuple[str, int]:
    """Write the package to `target`; returns its SHA-256 and size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    part = target.with_name(target.name + ".part")
    try:
        _write(part, number, manifest, sources, key, merged_clip, ffmpeg, progress, target,
               watermark_font)
    except BaseException:
        part.unlink(missing_ok=True)  # a partial copy, never an original
        raise
    with open(part, "rb+") as handle:
        os.fsync(handle.fileno())
    digest = hashlib.sha256()
    size = 0
    with open(part, "rb", buffering=0) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    os.rename(part, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    progress(100)
    return digest.hexdigest(), size


def _write(part, number, manifest, sources, key, merged_clip, ffmpeg, progress, target,
           watermark_font):
    total = sum(s.bytes for s in sources) or 1
    done = 0
    files = []
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch, \
            zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for source in sources:
            with zf.open(zipfile.ZipInfo(source.arcname, _zip_time(source)), "w",
                         force_zip64=source.bytes > 2**31) as out:
                digest, size = _copy_hashed(source.path, out, source.sha256)
            files.append({"path": source.arcname, "sha256": digest, "bytes": size,
                          **source.info})
            done += size
            progress(min(99, int(90 * done / total)))
        if merged_clip and sources:
            clip = merge_clip(sources, ffmpeg, Path(scratch))
            with zf.open("merged/merged.mp4", "w", force_zip64=True) as out:
                digest, size = _copy_hashed(clip, out, None)
            files.append({"path": "merged/merged.mp4", "sha256": digest, "bytes": size,
                          "kind": "merged_clip"})
        if watermark_font is not None and sources:
            clip = watermark_clip(sources, ffmpeg, Path(scratch), number, watermark_font)
            name = f"viewing/{number}-watermarked.mp4"
            with zf.open(name, "w", force_zip64=True) as out:
                digest, size = _copy_hashed(clip, out, None)
            files.append({"path": name, "sha256": digest, "bytes": size,
                          "kind": "watermarked_viewing_copy"})
        sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in files).encode()
        public = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        manifest = {**manifest, "files": files,
                    "sha256sums": hashlib.sha256(sums).hexdigest(),
                    "signing_key_sha256": fingerprint(key)}
        body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        zf.writestr("SHA256SUMS", sums)
        zf.writestr("manifest.json", body)
        zf.writestr("manifest.sig", key.sign(body))
        zf.writestr("public_key.pem", public)
        zf.writestr("README.txt", README.format(
            openssl=OPENSSL_VERIFY, number=number, fingerprint=manifest["signing_key_sha256"],
            sums_sha256=manifest["sha256sums"], name=target.name))


def fingerprint(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _zip_time(source: Source) -> tuple:
    start = source.info.get("start", "")
    try:
        return (int(start[0:4]), int(start[5:7]), int(start[8:10]), int(start[11:13]),
                int(start[14:16]), int(start[17:19]))
    except (ValueError, IndexError):
        return (1980, 1, 1, 0, 0, 0)
