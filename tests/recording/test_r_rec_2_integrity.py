"""R-REC-2: a changed byte, a removed file and a stray file are each found, alarmed
and audited; nothing is deleted."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.recording import services, storage
from watchroom.recording.models import Segment

from ..conftest import SYSTEM


@pytest.fixture
def three(make_camera, seal_file):
    camera = make_camera()
    start = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    return [seal_file(camera, start + dt.timedelta(minutes=i)) for i in range(3)]


def test_r_rec_2_intact_recordings_verify_clean(three):
    call_command("recording", "verify")
    assert not Alert.objects.exists()


def test_r_rec_2_changed_byte_is_found(three):
    path = storage.absolute(three[1].path)
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        call_command("recording", "verify")
    assert Segment.objects.get(pk=three[1].pk).integrity == "changed"
    assert Alert.objects.get(kind="recording.integrity.changed").severity == "critical"
    assert AuditEvent.objects.filter(action="recording.integrity_changed",
                                     target_id=str(three[1].pk)).exists()
    assert path.exists()


def test_r_rec_2_removed_file_is_found(three):
    storage.absolute(three[0].path).unlink()
    counts = services.segments_verify(actor=SYSTEM, segments=Segment.objects.all())
    assert counts == {"ok": 2, "changed": 0, "missing": 1}
    assert Alert.objects.filter(kind="recording.integrity.missing").count() == 1
    services.segments_verify(actor=SYSTEM, segments=Segment.objects.all())
    assert Alert.objects.filter(kind="recording.integrity.missing").count() == 1, \
        "the same missing file alarmed twice"


def test_r_rec_2_stray_file_is_quarantined_not_deleted(three):
    stray = storage.absolute(three[0].path).with_name("stray.mp4")
    stray.write_bytes(b"not ours")
    with pytest.raises(CommandError):
        call_command("recording", "verify")
    assert not stray.exists()
    kept = list((storage.root() / storage.QUARANTINE).rglob("stray.mp4"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"not ours"
    assert Alert.objects.filter(kind="recording.integrity.unknown").exists()
    assert AuditEvent.objects.filter(action="recording.integrity_unknown_file").exists()


def test_r_rec_2_a_lost_catalogue_deletes_nothing(make_camera, recordings_dir):
    """Recordings on disk that the database does not know (a rebuilt database): every
    file is kept, in quarantine, and alarmed."""
    camera = make_camera()
    contents = {}
    for minute in range(3):
        start = dt.datetime(2026, 11, 20, 8, minute, tzinfo=dt.UTC)
        path = storage.absolute(storage.segment_relpath(camera.pk, camera.code, start))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"footage {minute}".encode())
        contents[path.name] = path.read_bytes()
    report = services.catalogue_reconcile(actor=SYSTEM)
    assert len(report["unknown"]) == 3
    kept = {p.name: p.read_bytes() for p in (recordings_dir / storage.QUARANTINE).rglob("*.mp4")}
    assert kept == contents
    assert Alert.objects.filter(kind="recording.integrity.unknown").count() == 3
