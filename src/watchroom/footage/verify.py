"""Checking an export package offline (`watchroom export verify PKG.zip`): needs no
database and no network, only the package (and, to pin the signer, a known key
fingerprint)."""

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from watchroom.core.files import sha256_file
from watchroom.core.times import parse_iso
from watchroom.footage import package
from watchroom.footage.package import CHUNK, META, public_fingerprint


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    number: str = ""
    fingerprint: str = ""
    rederived: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _HashSink:
    def __init__(self):
        self.digest = hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return len(data)


def _member_chunks(zf: zipfile.ZipFile, name: str, digest, rebuild):
    """Read one member, hashing it and feeding the rebuilt package as it goes."""
    with zf.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            yield chunk


def verify(path: Path, expected_fingerprint: str = "") -> Report:
    """Every problem found, each naming what broke; never raises on a damaged package."""
    report = Report()
    try:
        _verify(path, expected_fingerprint, report)
    except Exception as exc:  # a damage nobody foresaw is still a failure, named
        report.problems.append(f"the package cannot be read: {_describe(exc)}")
    return report


def _verify(path: Path, expected_fingerprint: str, report: Report) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
        report.problems.append(f"not a readable ZIP package: {_describe(exc)}")
        return
    with zf:
        names = set(zf.namelist())
        missing = [m for m in META if m not in names]
        if missing:
            report.problems.append("missing from the package: " + ", ".join(missing))
            return
        meta = {}
        for name in META:
            try:
                meta[name] = zf.read(name)
            except Exception as exc:
                report.problems.append(f"{name}: damaged in the package ({_describe(exc)})")
        if report.problems:
            return
        body = meta["manifest.json"]
        try:
            key = load_pem_public_key(meta["public_key.pem"])
        except (ValueError, TypeError) as exc:
            report.problems.append(f"public_key.pem is not a public key: {_describe(exc)}")
            return
        if not isinstance(key, Ed25519PublicKey):
            report.problems.append("public_key.pem is not an Ed25519 key")
            return
        report.fingerprint = public_fingerprint(key)
        try:
            key.verify(meta["manifest.sig"], body)
        except InvalidSignature:
            report.problems.append("manifest.sig: the signature does not match manifest.json")
        if expected_fingerprint and report.fingerprint != expected_fingerprint.lower():
            report.problems.append(
                f"signed with key {report.fingerprint}, not the expected {expected_fingerprint}")
        try:
            manifest = json.loads(body)
            files = list(manifest.get("files", []))
            report.number = str(manifest.get("request", {}).get("number", ""))
        except (ValueError, AttributeError, TypeError) as exc:
            report.problems.append(f"manifest.json is not a manifest: {_describe(exc)}")
            return
        sums = meta["SHA256SUMS"]
        if hashlib.sha256(sums).hexdigest() != manifest.get("sha256sums"):
            report.problems.append("SHA256SUMS is not the list the manifest signs")
        listed = {}
        for line in sums.decode("utf-8", "replace").splitlines():
            digest, _sep, name = line.partition("  ")
            listed[name] = digest
        rebuilt = _HashSink()
        damaged = False
        with package.open_zip(rebuilt) as again:
            for entry in files:
                name = entry.get("path", "") if isinstance(entry, dict) else ""
                if name not in names:
                    report.problems.append(
                        f"{name}: listed in the manifest, missing from the package")
                    damaged = True
                    continue
                digest = hashlib.sha256()
                try:
                    package.add_member(again, name, _member_chunks(zf, name, digest, again))
                except Exception as exc:
                    report.problems.append(f"{name}: damaged in the package ({_describe(exc)})")
                    damaged = True
                    break  # the rebuilt copy is unusable from here on
                report.checked += 1
                if digest.hexdigest() != entry.get("sha256"):
                    report.problems.append(f"{name}: SHA-256 {digest.hexdigest()}, the "
                                           f"manifest says {entry.get('sha256')}")
                if listed.get(name) != entry.get("sha256"):
                    report.problems.append(f"{name}: SHA256SUMS disagrees with the manifest")
            for name in META:
                package.add_meta(again, name, meta[name])
        extra = names - set(META) - {e.get("path") for e in files if isinstance(e, dict)}
        for name in sorted(extra):
            report.problems.append(f"{name}: in the package but not in the manifest")
        if damaged or report.problems:
            return
        if manifest.get("format") != "watchroom-export/1" and (
                rebuilt.digest.hexdigest() != _file_sha256(path)):
            report.problems.append(
                "the ZIP structure (headers, directory or bytes between files) is not what "
                "the package's files make: it was changed after it was written")


def verify_originals(path: Path, report: Report) -> Report:
    """On the server: each clip cut again from the originals in the catalogue must give
    the very bytes the package holds (R-FOOT-5, chain of custody)."""
    import tempfile

    from watchroom.recording import cutting, storage
    from watchroom.recording.models import Segment

    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except Exception as exc:  # the plain check has already named the damage
        report.problems.append(f"the clips cannot be re-derived: {_describe(exc)}")
        return report
    clips = [f for f in manifest.get("files", []) if f.get("kind") == "clip"]
    with tempfile.TemporaryDirectory() as scratch:
        for entry in clips:
            name = entry.get("path", "")
            pieces = []
            for source in entry.get("sources", []):
                segment = Segment.objects.filter(pk=source.get("segment")).first()
                if segment is None:
                    report.problems.append(
                        f"{name}: source segment {source.get('segment')} is not in the catalogue")
                    break
                original = storage.absolute(segment.path)
                digest = _file_sha256(original)
                if digest != source.get("sha256") or segment.sha256 != source.get("sha256"):
                    report.problems.append(
                        f"{name}: original {segment.path} has SHA-256 {digest} (sealed "
                        f"{segment.sha256}), the manifest says {source.get('sha256')}")
                    break
                pieces.append(cutting.Piece(original, segment.start))
            else:
                out = Path(scratch) / f"{len(report.rederived)}.mp4"
                try:
                    cutting.cut(pieces, parse_iso(entry["start"]), parse_iso(entry["end"]), out)
                except (cutting.CutError, KeyError, ValueError, OSError) as exc:
                    report.problems.append(f"{name}: cannot be cut again: {exc}")
                    continue
                again = _file_sha256(out)
                if again != entry.get("sha256"):
                    report.problems.append(
                        f"{name}: cut again from the originals it is {again}, the package "
                        f"holds {entry.get('sha256')}")
                else:
                    report.rederived.append(name)
    return report


def _file_sha256(path: Path) -> str:
    """The file's SHA-256, or why it could not be read (named in the report)."""
    try:
        return sha256_file(path)[0]
    except OSError as exc:
        return f"unreadable ({exc.strerror})"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
