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
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_public_key,
)

from watchroom.footage.package import CHUNK, META


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


def _hash_member(zf: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with zf.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path: Path, expected_fingerprint: str = "") -> Report:
    report = Report()
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.problems.append(f"not a readable ZIP package: {exc}")
        return report
    with zf:
        names = set(zf.namelist())
        missing = [m for m in META if m not in names]
        if missing:
            report.problems.append("missing from the package: " + ", ".join(missing))
            return report
        body = zf.read("manifest.json")
        try:
            key = load_pem_public_key(zf.read("public_key.pem"))
        except ValueError as exc:
            report.problems.append(f"public_key.pem is not a public key: {exc}")
            return report
        if not isinstance(key, Ed25519PublicKey):
            report.problems.append("public_key.pem is not an Ed25519 key")
            return report
        raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        report.fingerprint = hashlib.sha256(raw).hexdigest()
        try:
            key.verify(zf.read("manifest.sig"), body)
        except InvalidSignature:
            report.problems.append("manifest.sig: the signature does not match manifest.json")
        if expected_fingerprint and report.fingerprint != expected_fingerprint.lower():
            report.problems.append(
                f"signed with key {report.fingerprint}, not the expected {expected_fingerprint}")
        try:
            manifest = json.loads(body)
        except ValueError as exc:
            report.problems.append(f"manifest.json is not JSON: {exc}")
            return report
        report.number = str(manifest.get("request", {}).get("number", ""))
        sums = zf.read("SHA256SUMS")
        if hashlib.sha256(sums).hexdigest() != manifest.get("sha256sums"):
            report.problems.append("SHA256SUMS is not the list the manifest signs")
        listed = {}
        for line in sums.decode("utf-8", "replace").splitlines():
            digest, _sep, name = line.partition("  ")
            listed[name] = digest
        files = manifest.get("files", [])
        for entry in files:
            name = entry.get("path", "")
            if name not in names:
                report.problems.append(f"{name}: listed in the manifest, missing from the package")
                continue
            actual = _hash_member(zf, name)
            report.checked += 1
            if actual != entry.get("sha256"):
                report.problems.append(
                    f"{name}: SHA-256 {actual}, the manifest says {entry.get('sha256')}")
            if listed.get(name) != entry.get("sha256"):
                report.problems.append(f"{name}: SHA256SUMS disagrees with the manifest")
        extra = names - set(META) - {e.get("path") for e in files}
        for name in sorted(extra):
            report.problems.append(f"{name}: in the package but not in the manifest")
    return report


def verify_originals(path: Path, report: Report) -> Report:
    """On the server: each clip cut again from the originals in the catalogue must give
    the very bytes the package holds (R-FOOT-5, chain of custody)."""
    import tempfile

    from watchroom.footage import cutting
    from watchroom.recording import storage
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
                    cutting.cut(pieces, _parse(entry["start"]), _parse(entry["end"]), out)
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


def _parse(value: str):
    import datetime as dt

    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb", buffering=0) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    return digest.hexdigest()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
