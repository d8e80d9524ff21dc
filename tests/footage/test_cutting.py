"""R-FOOT-3 / R-FOOT-5: what leaves, and what is played, is the approved range and
nothing else, cut from real H.264 segments; the same request gives the same bytes; the
manifest keeps the chain of custody down to the sealed originals."""

import datetime as dt
import hashlib
import json
import zipfile

import av
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.support.footage import PDF, approve_all
from watchroom.core import times
from watchroom.footage import exporting, selectors, services, verify
from watchroom.footage.choices import ExportState
from watchroom.recording import storage

pytestmark = pytest.mark.django_db
FRAME = 0.1  # the test footage shows 10 pictures a second, a keyframe every 2 s


def clip_facts(path) -> dict:
    """Duration from the first picture's start to the last picture's end, measured on
    the decoded file; whether every picture decodes."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        times = [float(f.pts * stream.time_base) for f in container.decode(stream)]
        frames = stream.frames
    return {"duration": times[-1] - times[0] + FRAME, "pictures": len(times),
            "frames": frames}


def export_of(request, people, **options):
    export = services.export_create(actor=people["executor"], request=request, **options)
    export = exporting.build_export(export.pk)
    assert export.state == ExportState.DONE, export.error
    return export, selectors.exports_dir() / export.path


def members(package) -> dict:
    with zipfile.ZipFile(package) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# (start, length) in seconds after the first recorded minute began: inside one segment
# off a keyframe, across a boundary off a keyframe, on a keyframe, on a segment's start
RANGES = [(150.0, 60.0), (156.5, 30.0), (155.3, 70.0), (182.0, 12.0), (180.0, 120.0),
          (60.0, 0.7)]


@pytest.mark.parametrize(("offset", "seconds"), RANGES)
def test_r_foot_3_an_export_holds_exactly_the_approved_range(
        police_request, people, recorded_camera, footage_window, tmp_path, offset, seconds):
    start = footage_window[0] + dt.timedelta(seconds=offset)
    end = start + dt.timedelta(seconds=seconds)
    request = approve_all(police_request(scope=[(recorded_camera, start, end)]), people)
    _export, package = export_of(request, people)
    files = members(package)
    manifest = json.loads(files["manifest.json"])
    assert not [n for n in files if n.startswith("segments/")]
    clips = [f for f in manifest["files"] if f["kind"] == "clip"]
    assert len(clips) == 1
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(files[clips[0]["path"]])
    facts = clip_facts(clip)
    assert abs(facts["duration"] - seconds) <= FRAME + 1e-6, facts
    assert facts["pictures"] == round(seconds / FRAME)
    on_keyframe = (offset % 2) == 0
    assert clips[0]["cut"]["start_on_keyframe"] is on_keyframe
    assert (clips[0]["cut"]["reencoded_frames"] == 0) is on_keyframe
    assert clips[0]["cut"]["reencoded_frames"] <= 20  # at most the first GOP
    overlapping = list(selectors.segments_in([(recorded_camera, start, end)]))
    assert [s["segment"] for s in clips[0]["sources"]] == [s.pk for s in overlapping]
    assert [s["sha256"] for s in clips[0]["sources"]] == [s.sha256 for s in overlapping]
    assert clips[0]["start"] == times.utc_iso(start)


def test_r_foot_5_the_same_request_exports_the_same_clip_bytes(
        police_request, people, recorded_camera, footage_window):
    start = footage_window[0] + dt.timedelta(seconds=95.3)
    request = approve_all(police_request(scope=[
        (recorded_camera, start, start + dt.timedelta(seconds=50))]), people)
    _first, one = export_of(request, people, merged_clip=True)
    _second, two = export_of(request, people, merged_clip=True)
    a, b = members(one), members(two)
    media = [n for n in a if n.endswith(".mp4")]
    assert len(media) == 2
    for name in media:
        assert hashlib.sha256(a[name]).digest() == hashlib.sha256(b[name]).digest(), name


def test_r_foot_5_originals_travel_only_when_the_approval_says_so(
        police_request, people, recorded_camera, footage_window, client):
    start = footage_window[0] + dt.timedelta(seconds=150)
    request = approve_all(police_request(originals=True, scope=[
        (recorded_camera, start, start + dt.timedelta(seconds=60))]), people)
    _export, package = export_of(request, people)
    files = members(package)
    manifest = json.loads(files["manifest.json"])
    originals = sorted(n for n in files if n.startswith("segments/"))
    assert len(originals) == 2 and manifest["originals_included"] is True
    assert manifest["request"]["originals"] is True
    for name in originals:
        entry = next(f for f in manifest["files"] if f["path"] == name)
        assert entry["kind"] == "original"
        assert hashlib.sha256(files[name]).hexdigest() == entry["sha256"]
    client.force_login(people["chief"])
    printed = client.get(reverse("footage:print", args=[request.pk])).content.decode()
    says_so = "是：完整的已封存录像分段文件随导出包导出"  # the pages speak the site's Chinese
    assert says_so in printed
    assert says_so in client.get(request.get_absolute_url()).content.decode()


def test_r_foot_5_originals_are_asked_for_only_with_a_copy(police_request):
    from watchroom.rules import RuleViolation

    with pytest.raises(RuleViolation) as refused:
        police_request(originals=True, need="view")
    assert "Original recordings leave only with a copy" in refused.value.message


def test_r_foot_5_originals_chosen_over_the_api_and_the_form(people, recorded_camera,
                                                             footage_window, client):
    import base64

    from rest_framework.test import APIClient


    start = footage_window[0] + dt.timedelta(minutes=1)
    api = APIClient()
    api.force_authenticate(people["operator"])
    body = {"requester_type": "police", "requester_name": "张警官", "requester_unit": "城东派出所",
            "requester_contact": "13800000000", "requester_id_number": "110101199001011234",
            "purpose": "调查", "need": "copy", "originals": True,
            "officers": [{"name": "张三", "badge": "1"}, {"name": "李四", "badge": "2"}],
            "scope": [{"camera": recorded_camera.pk, "start": start.isoformat(),
                       "end": (start + dt.timedelta(minutes=1)).isoformat()}],
            "attachments": [{"kind": "evidence_notice", "name": "n.pdf",
                             "content_base64": base64.b64encode(PDF).decode()}]}
    filed = api.post("/api/footage-requests/", body, format="json")
    assert filed.status_code == 201, filed.content
    assert filed.json()["originals"] is True
    client.force_login(people["operator"])
    form = client.get(reverse("footage:create")).content.decode()
    assert 'name="originals"' in form and "仅在需向法院提交证据时勾选" in form


def test_r_foot_5_verify_originals_cuts_each_clip_again_and_compares(
        police_request, people, recorded_camera, footage_window, capsys):
    start = footage_window[0] + dt.timedelta(seconds=130.4)
    request = approve_all(police_request(scope=[
        (recorded_camera, start, start + dt.timedelta(seconds=40))]), people)
    _export, package = export_of(request, people)
    call_command("export", "verify", str(package), "--originals")
    assert "1 clip(s) cut again from the sealed originals give the same bytes" in (
        capsys.readouterr().out)
    segment = selectors.segments_in([(recorded_camera, start, start)]).first() or \
        selectors.segments_in([(recorded_camera, start, start + dt.timedelta(seconds=1))]).first()
    path = storage.absolute(segment.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    report = verify.verify(package)
    assert report.ok  # the package alone is intact ...
    verify.verify_originals(package, report)
    assert not report.ok  # ... but the originals no longer give it
    assert segment.path in report.problems[0] and segment.sha256 in report.problems[0]
    with pytest.raises(CommandError):
        call_command("export", "verify", str(package), "--originals")
    assert "FAILED" in capsys.readouterr().err


def test_r_foot_5_verify_originals_catches_a_clip_signed_but_not_cut_from_them(
        police_request, people, recorded_camera, footage_window, tmp_path):
    """Someone with the signing key swaps a clip for other footage and signs again: the
    package checks, the originals do not give it."""
    from watchroom.audit import signing
    from watchroom.footage import package, selectors
    from watchroom.recording import cutting

    start = footage_window[0] + dt.timedelta(seconds=200)
    request = approve_all(police_request(scope=[
        (recorded_camera, start, start + dt.timedelta(seconds=20))]), people)
    _export, built = export_of(request, people)
    files = members(built)
    manifest = json.loads(files["manifest.json"])
    entry = next(f for f in manifest["files"] if f["kind"] == "clip")
    segment = selectors.segments_in([(recorded_camera, start, start + dt.timedelta(
        seconds=1))]).first()
    other = tmp_path / "other.mp4"
    cutting.cut([cutting.Piece(storage.absolute(segment.path), segment.start)],
                start + dt.timedelta(seconds=1), start + dt.timedelta(seconds=21), other)
    files[entry["path"]] = other.read_bytes()
    entry["sha256"] = hashlib.sha256(files[entry["path"]]).hexdigest()
    entry["bytes"] = len(files[entry["path"]])
    sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in manifest["files"]).encode()
    manifest["sha256sums"] = hashlib.sha256(sums).hexdigest()
    body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    files.update({"SHA256SUMS": sums, "manifest.json": body,
                  "manifest.sig": signing.private_key().sign(body)})
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as zf:
        for name, data in files.items():
            zf.writestr(package._entry(name), data)
    report = verify.verify(forged)
    assert [p for p in report.problems if "byte" not in p] == []
    verify.verify_originals(forged, report)
    assert any(entry["path"] in p and "cut again from the originals" in p
               for p in report.problems), report.problems


@pytest.mark.parametrize(("offset", "seconds"), [(125.5, 20.0), (150.0, 20.0)])
def test_r_foot_3_playback_serves_only_the_approved_part_of_a_segment(
        police_request, people, recorded_camera, footage_window, client, tmp_path,
        offset, seconds):
    start = footage_window[0] + dt.timedelta(seconds=offset)
    end = start + dt.timedelta(seconds=seconds)
    request = approve_all(police_request(scope=[(recorded_camera, start, end)]), people)
    item = selectors.current_scope(request)[0]
    segment = selectors.segments_in([(recorded_camera, start, end)]).get()
    client.force_login(people["executor"])
    url = reverse("footage:segment_file", args=[request.pk, item.pk, segment.pk])
    served = client.get(url)
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert body != storage.absolute(segment.path).read_bytes()
    clip = tmp_path / "played.mp4"
    clip.write_bytes(body)
    assert abs(clip_facts(clip)["duration"] - seconds) <= FRAME + 1e-6
    ranged = client.get(url, headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and b"".join(ranged.streaming_content) == body[:100]
    assert client.get(reverse("footage:play", args=[request.pk, item.pk])).status_code == 200
    plan = client.get(reverse("recording:playlist"), {
        "basis": selectors.request_basis(request), "camera": recorded_camera.pk}).json()
    [part] = plan["cameras"][0]["segments"]
    assert (part["start"], part["end"]) == (start.timestamp(), end.timestamp())
    played = client.get(part["url"])  # the player's own address serves the same cut
    assert b"".join(played.streaming_content) == body


def test_r_foot_5_a_segment_changed_since_sealing_is_not_played(
        police_request, people, recorded_camera, footage_window, client):
    start = footage_window[0] + dt.timedelta(seconds=125.5)
    end = start + dt.timedelta(seconds=20)
    request = approve_all(police_request(scope=[(recorded_camera, start, end)]), people)
    item = selectors.current_scope(request)[0]
    segment = selectors.segments_in([(recorded_camera, start, end)]).get()
    path = storage.absolute(segment.path)
    path.write_bytes(path.read_bytes() + b"x")
    client.force_login(people["executor"])
    answer = client.get(reverse("footage:segment_file", args=[request.pk, item.pk, segment.pk]))
    assert answer.status_code == 404
