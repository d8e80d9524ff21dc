"""R-REC-2: an address written around the archive's checks (the database edited by
hand) is refused by the recorder itself: a camera pointed at another camera's sealed
segment records nothing, and its alert says why."""

import pytest

from watchroom.alerts.models import Alert
from watchroom.audit.models import AuditEvent
from watchroom.devices.models import Camera
from watchroom.recording import storage
from watchroom.recording.services.cameras import address_alert_key

from ..support.recording import segments_of, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_r_rec_2_recorder_does_not_record_a_forged_address(
        rtsp_server, make_camera, run_recorder):
    genuine = make_camera(rtsp_server.url(0))
    forger = make_camera("rtsp://192.0.2.50/main")
    with run_recorder(segment_seconds=2, refresh_s=0.5):
        assert wait_for(lambda: len(segments_of(genuine)) >= 1, timeout=60)
        sealed = storage.absolute(segments_of(genuine)[0].path)
        Camera.objects.filter(pk=forger.pk).update(stream_url=str(sealed))
        alert = wait_for(lambda: Alert.objects.filter(
            key=address_alert_key(forger.pk), closed_at__isnull=True).first(), timeout=30)
        assert alert is not None, "the recorder did not say why it refuses the camera"
        assert "rtsp://" in alert.message
        count = len(segments_of(genuine))
        assert wait_for(lambda: len(segments_of(genuine)) >= count + 2, timeout=60)
    assert segments_of(forger) == []
    assert AuditEvent.objects.filter(action="recording.address_refused",
                                     target_id=str(forger.pk)).count() == 1
