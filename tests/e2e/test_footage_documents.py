"""R-FOOT-2 in Chromium: the security chief opens the police's ID copy and official letter
from the request page and sees them in the page; another operator gets no link and is
refused at the address."""

import datetime as dt
import struct
import zlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.footage import services as footage
from watchroom.footage.rules import Upload
from watchroom.recording import services as recording
from watchroom.recording import storage

from .test_footage_request import PDF, login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _png(width=40, height=20) -> bytes:
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8,
                                                             2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_r_foot_2_the_chief_reads_the_documents_in_the_page(page, make_staff, area, site,
                                                            settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings",
                          "ATTACHMENTS_DIR": tmp_path / "attachments"}
    operator = make_staff(Role.OPERATOR, full_name="李强").user
    other = make_staff(Role.OPERATOR, full_name="周敏").user
    chief = make_staff(Role.SECURITY_CHIEF, full_name="王科长").user
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-DOC", name="本机", site=site,
                                       kind="watchroom")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-DOC-1", name="门诊大厅 1 号",
                                   area=area, recorder=recorder, stream_url="rtsp://192.0.2.10/1")
    start = (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    relpath = storage.segment_relpath(camera.pk, camera.code, start)
    path = storage.absolute(relpath)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"segment" * 1000)
    digest, size = files.sha256_file(path)
    recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=start,
                           end=start + dt.timedelta(minutes=1), relpath=relpath, size=size,
                           sha256=digest)
    request = footage.request_create(
        actor=operator, requester_type="police", requester_name="张警官",
        requester_unit="城东派出所", requester_contact="13800000000",
        requester_id_number="012345", purpose="调查", need="view",
        scope=[(camera, start, start + dt.timedelta(seconds=50))],
        officers=[{"name": "张三", "badge": "1"}, {"name": "李四", "badge": "2"}],
        uploads=[Upload("introduction_letter", "介绍信.pdf", PDF),
                 Upload("id_copy", "警官证.png", _png())])

    login(page, chief)
    page.goto(f"/footage/{request.pk}/")
    page.get_by_test_id("documents").get_by_role("link", name="警官证.png").click()
    image = page.get_by_test_id("document")
    expect(image).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=document]').naturalWidth === 40")
    page.goto(f"/footage/{request.pk}/")
    with page.expect_response(lambda r: r.url.endswith("/file/")) as answer:
        page.get_by_test_id("documents").get_by_role("link", name="介绍信.pdf").click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "application/pdf"
    expect(page.locator("iframe[data-testid=document]")).to_be_visible()
    opened = AuditEvent.objects.filter(action="footage.attachment_opened", actor_user_id=chief.pk)
    assert opened.count() == 2

    login(page, other)
    page.goto(f"/footage/{request.pk}/")
    expect(page.get_by_test_id("documents").get_by_role("link")).to_have_count(0)
    attachment = request.attachments.get(kind="id_copy")
    refused = page.goto(f"/footage/{request.pk}/documents/{attachment.pk}/file/")
    assert refused.status == 403
