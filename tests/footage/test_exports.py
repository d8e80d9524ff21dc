"""R-FOOT-5: an export package holds the originals byte for byte and a signed manifest
that anyone can check with sha256sum and openssl alone; R-FOOT-3/4: exports and
downloads only by the executor, inside the scope, audited."""

import datetime as dt
import json
import subprocess
import zipfile

import av
import imageio_ffmpeg
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.support.footage import approve_all
from watchroom.audit.models import AuditEvent
from watchroom.core import files
from watchroom.footage import exporting, selectors, services, verify
from watchroom.footage.choices import ExportState
from watchroom.recording import storage
from watchroom.rules import RuleViolation

pytestmark = pytest.mark.django_db


def unpack(package, folder):
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    return folder


def run(*command, cwd):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def exported(police_request, people, settings):
    request = approve_all(police_request(), people)
    export = services.export_create(actor=people["executor"], request=request)
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.DONE, export.error
    return request, export, selectors.exports_dir() / export.path


def test_r_foot_5_the_package_verifies_with_sha256sum_and_openssl_alone(exported, tmp_path):
    _request, _export, package = exported
    folder = unpack(package, tmp_path / "pkg")
    sums = run("sha256sum", "-c", "SHA256SUMS", cwd=folder)
    assert sums.returncode == 0, sums.stdout + sums.stderr
    assert sums.stdout.count(": OK") == len(json.loads((folder / "manifest.json").read_text())[
        "files"])
    signature = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public_key.pem",
                    "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig", cwd=folder)
    assert signature.returncode == 0, signature.stdout + signature.stderr
    assert "Signature Verified Successfully" in signature.stdout
    listed = run("sha256sum", "SHA256SUMS", cwd=folder).stdout.split()[0]
    assert listed == json.loads((folder / "manifest.json").read_text())["sha256sums"]
    readme = (folder / "README.txt").read_text()
    assert "sha256sum -c SHA256SUMS" in readme and "openssl pkeyutl -verify" in readme


def test_r_foot_5_one_changed_byte_fails_the_check(exported, tmp_path):
    _request, _export, package = exported
    folder = unpack(package, tmp_path / "pkg")
    segment = sorted((folder / "clips").rglob("*.mp4"))[0]
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0x01
    segment.write_bytes(bytes(data))
    sums = run("sha256sum", "-c", "SHA256SUMS", cwd=folder)
    assert sums.returncode != 0
    assert f"{segment.relative_to(folder)}: FAILED" in sums.stdout
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"need": "copy"', '"need": "view"'))
    signature = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public_key.pem",
                    "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig", cwd=folder)
    assert signature.returncode != 0


def test_r_foot_5_watchroom_export_verify_names_what_fails(exported, tmp_path, capsys):
    _request, _export, package = exported
    call_command("export", "verify", str(package))
    assert "match the signed manifest" in capsys.readouterr().out
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(tampered, "w") as target:
        victim = next(n for n in source.namelist() if n.startswith("clips/"))
        for name in source.namelist():
            data = source.read(name)
            if name == victim:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])
            target.writestr(name, data)
    report = verify.verify(tampered)
    assert not report.ok
    assert report.problems == [report.problems[0]] and victim in report.problems[0]
    with pytest.raises(CommandError):
        call_command("export", "verify", str(tampered))
    assert victim in capsys.readouterr().err


@pytest.fixture
def exported_with_originals(police_request, people):
    request = approve_all(police_request(originals=True), people)
    export = services.export_create(actor=people["executor"], request=request)
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.DONE, export.error
    return request, export, selectors.exports_dir() / export.path


def test_r_foot_5_the_manifest_names_request_approvals_and_sealing_events(
        exported_with_originals):
    request, export, package = exported_with_originals
    with zipfile.ZipFile(package) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest["request"]["number"] == request.number
    assert [a["role"] for a in manifest["approvals"]] == ["security_chief", "deputy_director"]
    assert all(a["second_factor"] for a in manifest["approvals"])
    segments = list(selectors.segments_in(selectors.export_ranges(export)))
    originals = [f for f in manifest["files"] if f["kind"] == "original"]
    assert len(originals) == len(segments) == 3  # minutes 2–5: three 60-s segments
    for entry, segment in zip(originals, segments, strict=True):
        assert entry["sha256"] == segment.sha256
        assert entry["path"] in names
    sealed = {e["segment"]: e["seq"] for e in manifest["sealing_events"]}
    for segment in segments:
        event = AuditEvent.objects.get(action="recording.segment_sealed",
                                       target_id=str(segment.pk))
        assert sealed[segment.pk] == event.seq
    assert manifest["signing_key_sha256"] == verify.verify(package).fingerprint
    assert AuditEvent.objects.filter(action="footage.export_built").count() == 1


def test_r_foot_5_a_segment_changed_since_sealing_fails_the_export(
        police_request, people, settings):
    request = approve_all(police_request(), people)
    export = services.export_create(actor=people["executor"], request=request)
    first = selectors.segments_in(selectors.export_ranges(export)).first()
    path = storage.absolute(first.path)
    path.write_bytes(path.read_bytes() + b"x")
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.FAILED
    assert first.sha256 in export.error
    assert not list(selectors.exports_dir().glob("*.zip*"))


def test_r_foot_3_download_by_an_approver_is_refused_and_by_the_executor_audited(
        exported, people):
    _request, export, _package = exported
    with pytest.raises(RuleViolation) as refused:
        services.export_download(actor=people["chief"], export=export)
    assert refused.value.rule_id == "R-FOOT-3"
    services.export_download(actor=people["executor"], export=export)
    assert AuditEvent.objects.filter(action="footage.export_downloaded").count() == 1


@pytest.fixture
def video_segments(make_camera, recordings_dir, tmp_path, footage_window):
    """Three real 4-second H.264 segments, sealed as the recorder seals them."""
    from watchroom.recording import services as recording

    from ..conftest import SYSTEM

    camera = make_camera()
    start = footage_window[0]
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "12",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
                    "-f", "segment", "-segment_time", "4", "-reset_timestamps", "1",
                    "-segment_format_options",
                    "movflags=frag_keyframe+empty_moov+default_base_moof",
                    str(tmp_path / "part%d.mp4")], check=True)
    for n in range(3):
        begin = start + dt.timedelta(seconds=4 * n)
        relpath = storage.segment_relpath(camera.pk, camera.code, begin)
        target = storage.absolute(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((tmp_path / f"part{n}.mp4").read_bytes())
        digest, size = files.sha256_file(target)
        recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=begin,
                               end=begin + dt.timedelta(seconds=4), relpath=relpath,
                               size=size, sha256=digest)
    return camera, start


def test_r_foot_5_a_merged_clip_plays_the_whole_range(police_request, people, video_segments,
                                                       settings, tmp_path):
    camera, start = video_segments
    request = approve_all(police_request(scope=[(camera, start, start + dt.timedelta(
        seconds=12))]), people)
    export = services.export_create(actor=people["executor"], request=request, merged_clip=True)
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.DONE, export.error
    folder = unpack(selectors.exports_dir() / export.path, tmp_path / "pkg")
    with av.open(str(folder / "merged" / "merged.mp4")) as clip:
        stream = clip.streams.video[0]
        frames = sum(1 for _ in clip.demux(stream) if _.size)
    assert frames == 300
    assert run("sha256sum", "-c", "SHA256SUMS", cwd=folder).returncode == 0


def _brightness(frame, top: float, height: float, left: float, width: float) -> float:
    """Mean luma of a box given in fractions of the picture."""
    plane = frame.planes[0]
    data = bytes(plane)
    rows = range(int(frame.height * top), int(frame.height * (top + height)))
    columns = range(int(frame.width * left), int(frame.width * (left + width)))
    return sum(data[r * plane.line_size + c] for r in rows for c in columns) / (
        len(rows) * len(columns))


def test_r_foot_5_the_watermark_hides_no_timestamp_and_says_who_exported_for_whom_when(
        police_request, people, video_segments, tmp_path):
    camera, start = video_segments
    request = approve_all(police_request(scope=[(camera, start, start + dt.timedelta(
        seconds=12))]), people)
    export = services.export_create(actor=people["executor"], request=request, watermark=True)
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.DONE, export.error
    folder = unpack(selectors.exports_dir() / export.path, tmp_path / "pkg")
    copy = folder / "viewing" / f"{request.number}-watermarked.mp4"
    clip = sorted((folder / "clips").rglob("*.mp4"))[0]
    with av.open(str(copy)) as marked, av.open(str(clip)) as plain:
        marked_frame = next(marked.decode(video=0))
        plain_frame = next(plain.decode(video=0))
    with av.open(str(copy)) as marked:
        assert sum(1 for p in marked.demux(marked.streams.video[0]) if p.size) == 300
    # the top corners, where cameras print their clock, are left as they were
    for left in (0.0, 0.7):
        assert abs(_brightness(marked_frame, 0, 0.15, left, 0.3)
                   - _brightness(plain_frame, 0, 0.15, left, 0.3)) < 4
    # the mark sits in the bottom band
    assert abs(_brightness(marked_frame, 0.75, 0.2, 0.2, 0.6)
               - _brightness(plain_frame, 0.75, 0.2, 0.2, 0.6)) > 8
    manifest = json.loads((folder / "manifest.json").read_text())
    viewing = next(f for f in manifest["files"] if f.get("kind") == "watermarked_viewing_copy")
    text = " ".join(viewing["watermark"]["lines"])
    executor = people["executor"]
    assert request.number in text
    assert executor.username in text or executor.staff.full_name in text  # who exported
    assert "1234" in text or request.requester_name in text  # for whom
    assert timezone.localtime(export.created_at).strftime("%Y-%m-%d %H:%M") in text  # when
    assert run("sha256sum", "-c", "SHA256SUMS", cwd=folder).returncode == 0
