"""R-REC-2: `recording verify` checks the catalogue against the audit trail, so that
someone who rewrites both a file and its catalogue entry, or deletes both a row and
its file, is found; footage the sweep removed after retention is not a finding."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation

from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.core import files
from watchroom.recording import services, storage, triggers
from watchroom.recording.models import Segment

from ..conftest import SYSTEM


@pytest.fixture(autouse=True)
def _english():
    """Assertions read the English text, whatever the catalogue holds."""
    with translation.override("en"):
        yield


def _without_guards(sql: str, params=()) -> None:
    """What someone with the database's owner account can do: step around the triggers."""
    with connection.cursor() as cursor:
        for statement in triggers.drop_sql(connection.vendor):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in triggers.create_sql(connection.vendor):
            cursor.execute(statement)


@pytest.fixture
def footage(make_camera, seal_file):
    one, two = make_camera(), make_camera()
    start = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
    return ([seal_file(one, start + dt.timedelta(minutes=i)) for i in range(3)],
            seal_file(two, start, content=b"another camera's picture" * 40))


def _verify():
    out = io.StringIO()
    call_command("recording", "verify", stdout=out)
    return out.getvalue()


def test_r_rec_2_untouched_catalogue_agrees_with_the_audit_trail(footage):
    assert "0 altered, 0 deleted, 0 never sealed" in _verify()
    assert not Alert.objects.exists()


def test_r_rec_2_file_replaced_and_catalogue_rewritten_is_found(footage):
    (victim, *_rest), other = footage
    path = storage.absolute(victim.path)
    forged = storage.absolute(other.path).read_bytes()
    path.write_bytes(forged)
    digest, size = files.sha256_file(path)
    _without_guards("UPDATE recording_segment SET sha256 = %s, bytes = %s WHERE id = %s",
                    (digest, size, victim.pk))
    assert services.segments_verify(actor=SYSTEM, segments=Segment.objects.filter(
        pk=victim.pk))["ok"] == 1, "the re-hash alone cannot see it"
    with pytest.raises(CommandError):
        _verify()
    alert = Alert.objects.get(key=f"recording.integrity.altered:{victim.pk}")
    assert alert.severity == "critical" and victim.path in alert.message
    assert Segment.objects.get(pk=victim.pk).integrity == "changed"
    event = AuditEvent.objects.get(action="recording.integrity_altered")
    assert event.target_id == str(victim.pk) and '"sha256"' in event.data


def test_r_rec_2_row_and_file_deleted_is_found(footage):
    (_first, victim, _last), _other = footage
    storage.absolute(victim.path).unlink()
    _without_guards("DELETE FROM recording_segment WHERE id = %s", (victim.pk,))
    with pytest.raises(CommandError):
        _verify()
    alert = Alert.objects.get(key=f"recording.integrity.deleted:{victim.pk}")
    assert victim.path in alert.message
    assert AuditEvent.objects.filter(action="recording.integrity_deleted",
                                     target_id=str(victim.pk)).exists()


def test_r_rec_2_row_never_sealed_is_found(footage):
    (first, *_rest), _other = footage
    relpath = first.path.replace(".mp4", "-extra.mp4")
    storage.absolute(relpath).write_bytes(b"planted")
    digest, size = files.sha256_file(storage.absolute(relpath))
    now = timezone.now()
    Segment.objects.create(camera=first.camera, start=first.end, end=first.end +
                           dt.timedelta(minutes=1), path=relpath, bytes=size, sha256=digest,
                           sealed_at=now, keep_until=now + dt.timedelta(days=90),
                           verified_at=now)
    with pytest.raises(CommandError):
        _verify()
    assert Alert.objects.filter(kind="recording.integrity.unrecorded").count() == 1


def test_r_rec_2_what_the_sweep_removed_is_no_finding(make_camera, seal_file):
    camera = make_camera()
    old = timezone.now() - dt.timedelta(days=400)
    for i in range(2):
        seal_file(camera, old + dt.timedelta(minutes=i))
    assert services.retention_sweep(actor=SYSTEM)["segments"] == 2
    assert "0 altered, 0 deleted, 0 never sealed" in _verify()


def test_r_rec_2_one_camera_after_its_code_changed(footage):
    from watchroom.devices import services as devices

    (first, *_rest), _other = footage
    devices.camera_update(actor=SYSTEM, camera=first.camera, code="RENAMED")
    out = io.StringIO()
    call_command("recording", "verify", "--camera", "RENAMED", stdout=out)
    assert "verified 3 segment(s)" in out.getvalue()
    assert "0 altered, 0 deleted, 0 never sealed" in out.getvalue()
