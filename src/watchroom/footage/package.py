"""Writing an export package (R-FOOT-5): one clip per approved range, cut to exactly that
range (R-FOOT-3); the original segment files byte for byte only when the approval says
"originals"; an optional merged clip and watermarked viewing copy; `manifest.json`
(for each clip its sources' SHA-256 and its cut points) signed with Ed25519
(`manifest.sig`), the public key, `SHA256SUMS` and a README that tells how to check it
all with `sha256sum` and `openssl` alone.

The package is written as `<name>.zip.part`, fsynced, then renamed: a package that
exists is whole."""

import datetime as dt
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

from watchroom.core.files import durable_move
from watchroom.core.times import utc_iso
from watchroom.footage import watermark
from watchroom.recording import cutting

CHUNK = 4 * 1024 * 1024
OPENSSL_VERIFY = ("openssl pkeyutl -verify -pubin -inkey public_key.pem -rawin "
                  "-in manifest.json -sigfile manifest.sig")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
META = ("SHA256SUMS", "manifest.json", "manifest.sig", "public_key.pem", "README.txt")  # in
# the order they are written, after the listed files


SegmentChanged = cutting.SegmentChanged


@dataclass(frozen=True)
class Source:
    """A sealed segment: its file, its name in the package, its sealed hash."""

    path: Path
    arcname: str
    sha256: str
    bytes: int
    info: dict
    piece_start: dt.datetime | None = None


README = """\
Watchroom 视频导出包 / footage export {number}

【中文】

本导出包内有：clips/ 下每个批准的时间段一段剪辑，只含批准的时间段；{originals_zh}
manifest.json 记录申请、审批、每段剪辑的原始录像分段的 SHA-256 和剪切点，并由
manifest.sig 签名（Ed25519）。在解压后的文件夹里按以下步骤校验：

1. 校验签名（OpenSSL 3）：

   {openssl}

   应显示 "Signature Verified Successfully"。

2. 核对签名密钥的指纹（公钥 DER 编码的 SHA-256）：

   {fingerprint_command}

   应显示 {fingerprint}，并与发出单位公布的指纹一致。

3. 逐一校验文件：

   sha256sum -c SHA256SUMS

   每一行都应以 "OK" 结尾。

4. 确认文件清单就是签名所覆盖的清单：

   sha256sum SHA256SUMS

   应显示 {sums_sha256}，即 manifest.json 中 "sha256sums" 的值。

`watchroom export verify {name}` 一次完成以上校验，并逐项指出失败之处；在发出
单位的服务器上加 `--originals`，会从封存的原始录像重新剪出每段剪辑并比对。

【English】

This package holds, under clips/, one clip for each approved range, holding that
range and nothing else;{originals_en} manifest.json names the request, the approvals
and, for each clip, its source segments' SHA-256 and its cut points; manifest.sig
signs it (Ed25519). Check it in the unpacked folder:

1. Check the signature of the manifest (OpenSSL 3):

   {openssl}

   It prints "Signature Verified Successfully".

2. Check the signing key's fingerprint (the SHA-256 of the public key's DER form):

   {fingerprint_command}

   It prints {fingerprint}; compare it with the one the issuing site publishes.

3. Check every file against the list:

   sha256sum -c SHA256SUMS

   Every line must end in "OK".

4. Check that the list is the one the manifest signs:

   sha256sum SHA256SUMS

   must print {sums_sha256}, the value of "sha256sums" in manifest.json.

`watchroom export verify {name}` does all of this and names anything that fails;
on the issuing site's server, `--originals` also cuts every clip again from the
sealed originals and compares.
"""
ORIGINALS = {
    True: ("segments/ 下是原始录像分段文件，与封存时逐字节相同（审批同意作为证据导出原始录像）；",
           " segments/ holds the original segment files, byte for byte as they were sealed "
           "(the approval asked for the originals as evidence);"),
    False: ("原始录像不在包内（审批未要求原始录像）；", " the original segments are not in the "
            "package (the approval did not ask for them);"),
}
FINGERPRINT_COMMAND = "openssl pkey -pubin -in public_key.pem -outform DER | sha256sum"


class _Sequential:
    """A file that is only ever appended to: ZipFile then writes every entry in one
    pass (sizes in data descriptors), so the bytes follow from the contents alone and
    the verifier can rebuild them to check the headers and directory too. With
    `hashed`, the SHA-256 of everything written is computed on the way; while
    `in_place`, the bytes handed in are already in the file (a clip cut straight into
    it) and are only counted and hashed."""

    def __init__(self, sink, hashed: bool = False):
        self.sink = sink
        self.offset = 0
        self.digest = hashlib.sha256() if hashed else None
        self.in_place = False

    def write(self, data) -> int:
        if self.digest is not None:
            self.digest.update(data)
        n = len(data) if isinstance(data, (bytes, bytearray)) else memoryview(data).nbytes
        if not self.in_place:
            self.sink.write(data)
        self.offset += n
        return n

    def flush(self) -> None:
        flush = getattr(self.sink, "flush", None)
        if flush:
            flush()


def open_zip(sink) -> zipfile.ZipFile:
    sequential = sink if isinstance(sink, _Sequential) else _Sequential(sink)
    return zipfile.ZipFile(sequential, "w", compression=zipfile.ZIP_STORED,
                           allowZip64=True)


class _Region:
    """The part of the package file where a member's data go, for the muxer: it writes
    there directly (and goes back to fill in sizes), so the clip is written once."""

    def __init__(self, fd: int, base: int):
        self.fd, self.base = fd, base
        self.pos = self.size = 0

    def write(self, data) -> int:
        view = memoryview(data)
        done = 0
        while done < view.nbytes:
            done += os.pwrite(self.fd, view[done:], self.base + self.pos + done)
        self.pos += done
        self.size = max(self.size, self.pos)
        return done

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            self.pos = offset
        elif whence == os.SEEK_CUR:
            self.pos += offset
        else:
            self.pos = self.size + offset
        return self.pos

    def tell(self) -> int:
        return self.pos


def add_member(zf: zipfile.ZipFile, name: str, chunks) -> None:
    """A listed file (clip, original, merged or viewing copy)."""
    with zf.open(_entry(name), "w", force_zip64=True) as out:
        for chunk in chunks:
            out.write(chunk)


def add_meta(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    zf.writestr(_entry(name), data)


def _copy_hashed(source: Path, target, expected: str | None) -> tuple[str, int]:
    """Copy `source` into a package member, hashing it in the same pass (the engine's
    single read of the file, not a second "hash a file")."""
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


@dataclass(frozen=True)
class Clip:
    """One camera's approved range, cut from the segments that hold it."""

    arcname: str
    camera: str
    start: dt.datetime
    end: dt.datetime
    sources: list[Source]


def source_entry(source: Source) -> dict:
    return {"segment": source.info.get("segment"), "sha256": source.sha256,
            "bytes": source.bytes, "start": source.info.get("start"),
            "end": source.info.get("end"), "file": source.arcname}


def cut_clip(clip: Clip, out, check: bool = False) -> dict:
    """Cut `clip` from its sources into `out` (a path or a seekable file object); the
    cut points for the manifest. With `check`, every source is checked against its
    sealed hash as it is read (SegmentChanged)."""
    pieces = [cutting.Piece(s.path, s.piece_start, s.sha256 if check else None)
              for s in clip.sources]
    done = cutting.cut(pieces, clip.start, clip.end, out)
    return {"camera": clip.camera, "start": utc_iso(clip.start), "end": utc_iso(clip.end),
            "sources": [source_entry(s) for s in clip.sources],
            "cut": done.as_dict(utc_iso)}


def check_sealed(source: Source) -> None:
    cutting.check_sealed(cutting.Piece(source.path, source.piece_start, source.sha256))


def _cut_into_member(zf: zipfile.ZipFile, sequential: _Sequential, part: Path, clip: Clip,
                     check: bool) -> tuple[dict, str, int]:
    """Cut `clip` straight into its ZIP member (stored): the muxer writes into the
    package file where the member's data go; the data are then read back from the page
    cache once for the member's CRC-32, its SHA-256 and the package's SHA-256."""
    with zf.open(_entry(clip.arcname), "w", force_zip64=True) as member:
        sequential.flush()
        base = sequential.offset
        fd = os.open(part, os.O_RDWR)
        digest = cutting.BackgroundSha256()
        try:
            region = _Region(fd, base)
            points = cut_clip(clip, region, check=check)
            buffer = bytearray(CHUNK)
            view = memoryview(buffer)
            sequential.in_place = True
            done = 0
            while done < region.size:
                n = os.preadv(fd, [view[:min(CHUNK, region.size - done)]], base + done)
                if not n:
                    raise OSError(f"{part}: short read of {clip.arcname}")
                digest.update(view[:n])  # beside the CRC-32 and the package's hash
                member.write(view[:n])
                digest.wait()
                done += n
            value = digest.hexdigest()
        finally:
            sequential.in_place = False
            digest.close()
            os.close(fd)
        sequential.sink.seek(base + region.size)
    return points, value, region.size


def _concat_list(paths: list[Path], listing: Path) -> Path:
    """The clips in order, as FFmpeg's concat demuxer reads them."""
    listing.write_text("".join(f"file '{p.as_posix()}'\n" for p in paths), encoding="utf-8")
    return listing


def merge_clip(paths: list[Path], ffmpeg: str, folder: Path) -> Path:
    """The clips one after another in one file (stream copy, nothing re-encoded)."""
    listing = _concat_list(paths, folder / "concat.txt")
    out = folder / "merged.mp4"
    subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                    "-i", str(listing), "-c", "copy", "-map_metadata", "-1",
                    "-fflags", "+bitexact", "-flags:v", "+bitexact", "-movflags", "+faststart",
                    str(out)], check=True, capture_output=True, timeout=3600)
    return out


def watermark_clip(paths: list[Path], ffmpeg: str, folder: Path,
                   mark: "watermark.Watermark") -> Path:
    """A viewing copy with the watermark burned into every picture (this re-encodes,
    with pinned options, so the same export gives the same copy)."""
    listing = _concat_list(paths, folder / "watermark-list.txt")
    out = folder / "watermarked.mp4"
    subprocess.run([ffmpeg, "-loglevel", "error", "-y", "-f", "concat", "-safe", "0",
                    "-i", str(listing), "-vf", watermark.drawtext(mark, folder),
                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "26",
                    "-pix_fmt", "yuv420p", "-an", "-threads", "1", "-map_metadata", "-1",
                    "-fflags", "+bitexact", "-flags:v", "+bitexact", "-movflags", "+faststart",
                    str(out)], check=True, capture_output=True, timeout=6 * 3600)
    return out


def build(*, target: Path, number: str, manifest: dict, clips: list[Clip],
          originals: bool, key: Ed25519PrivateKey, merged_clip: bool = False,
          ffmpeg: str = "", watermark: "watermark.Watermark | None" = None,
          progress: Callable[[int], None] = lambda pct: None) -> tuple[str, int]:
    """Write the package to `target`; returns its SHA-256 and size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise FileExistsError(f"{target} already exists")
    part = target.with_name(target.name + ".part")
    try:
        written = _write(part, number, manifest, clips, originals, key, merged_clip, ffmpeg,
                         progress, target, watermark)
    except BaseException:
        part.unlink(missing_ok=True)  # a partial package, never an original
        raise
    digest, size = written.digest, written.offset
    if os.stat(part).st_size != size:
        part.unlink(missing_ok=True)
        raise OSError(f"{part}: {os.stat(part).st_size} bytes, {size} written")
    durable_move(part, target)
    progress(100)
    return digest.hexdigest(), size


def _unique_sources(clips: list[Clip]) -> list[Source]:
    seen, found = set(), []
    for clip in clips:
        for source in clip.sources:
            if source.arcname not in seen:
                seen.add(source.arcname)
                found.append(source)
    return found


def _write(part, number, manifest, clips, originals, key, merged_clip, ffmpeg, progress,
           target, mark):
    sources = _unique_sources(clips)
    total = sum(s.bytes for s in sources) * (2 if originals else 1) or 1
    done = 0
    files = []
    keep_files = bool(merged_clip or mark is not None)  # both are made from the clips' files
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch, \
            open(part, "wb") as sink, open_zip(sequential := _Sequential(sink, True)) as zf:
        scratch = Path(scratch)
        if originals:  # copied first and checked on the way; the cuts then read them again
            for source in sources:
                with zf.open(_entry(source.arcname), "w", force_zip64=True) as out:
                    digest, size = _copy_hashed(source.path, out, source.sha256)
                files.append({"path": source.arcname, "sha256": digest, "bytes": size,
                              "kind": "original", **source.info})
                done += source.bytes
                progress(min(99, int(90 * done / total)))
        checked = set()
        cut_files = []
        for n, clip in enumerate(clips):
            # Without originals, each source's seal is checked while it is read for the
            # cut (once, in the first clip that reads it); a mismatch fails the export.
            check = not originals and any(s.arcname not in checked for s in clip.sources)
            if keep_files:
                out = scratch / f"clip-{n}.mp4"
                points = cut_clip(clip, out, check=check)
                with zf.open(_entry(clip.arcname), "w", force_zip64=True) as member:
                    digest, size = _copy_hashed(out, member, None)
                cut_files.append(out)
            else:
                points, digest, size = _cut_into_member(zf, sequential, part, clip, check)
            if check:
                checked.update(s.arcname for s in clip.sources)
            files.append({"path": clip.arcname, "sha256": digest, "bytes": size,
                          "kind": "clip", **points})
            done += sum(s.bytes for s in clip.sources)
            progress(min(99, int(90 * done / total)))
        if merged_clip and cut_files:
            _add_file(zf, files, merge_clip(cut_files, ffmpeg, scratch), "merged/merged.mp4",
                      "merged_clip")
        if mark is not None and cut_files:
            _add_file(zf, files, watermark_clip(cut_files, ffmpeg, scratch, mark),
                      f"viewing/{number}-watermarked.mp4", "watermarked_viewing_copy",
                      watermark=mark.as_dict())
        sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in files).encode()
        public = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        manifest = {**manifest, "files": files, "originals_included": originals,
                    "sha256sums": hashlib.sha256(sums).hexdigest(),
                    "signing_key_sha256": fingerprint(key)}
        body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        originals_zh, originals_en = ORIGINALS[bool(originals)]
        meta = {"SHA256SUMS": sums, "manifest.json": body, "manifest.sig": key.sign(body),
                "public_key.pem": public,
                "README.txt": README.format(
                    openssl=OPENSSL_VERIFY, number=number,
                    fingerprint=manifest["signing_key_sha256"],
                    fingerprint_command=FINGERPRINT_COMMAND, originals_zh=originals_zh,
                    originals_en=originals_en, sums_sha256=manifest["sha256sums"],
                    name=target.name).encode()}
        for name in META:
            data = meta[name]
            add_meta(zf, name, data)
    return sequential


def _add_file(zf, files, path: Path, arcname: str, kind: str, **more) -> None:
    with zf.open(_entry(arcname), "w", force_zip64=True) as out:
        digest, size = _copy_hashed(path, out, None)
    files.append({"path": arcname, "sha256": digest, "bytes": size, "kind": kind, **more})


def _entry(name: str) -> zipfile.ZipInfo:
    """Every entry written alike (fixed time, attributes and system), so that the same
    contents make the same package bytes."""
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_STORED
    return info


def fingerprint(key: Ed25519PrivateKey) -> str:
    """SHA-256 of the public key's DER form: what `FINGERPRINT_COMMAND` prints."""
    return public_fingerprint(key.public_key())


def public_fingerprint(public) -> str:
    der = public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()
