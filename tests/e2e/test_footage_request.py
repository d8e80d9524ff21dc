"""R-FOOT-1 … R-FOOT-5 in Chromium: an operator enters a police request, the security
chief and the deputy director approve it with their authenticator codes, the operator
exports it, and the downloaded package verifies with sha256sum and openssl alone."""

import datetime as dt
import subprocess
import zipfile

import av
import imageio_ffmpeg
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, SYSTEM
from watchroom.audit.models import AuditEvent
from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.footage.models import FootageRequest
from watchroom.recording import services as recording
from watchroom.recording import storage
from watchroom.twofactor import services as twofactor
from watchroom.twofactor import totp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(page, user):
    page.context.clear_cookies()
    page.goto("/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.locator("#id_username")).to_have_count(0)


def test_r_foot_police_request_approved_with_totp_exported_and_verified(
        page, make_staff, area, site, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    operator = make_staff(Role.OPERATOR, full_name="李强").user
    chief = make_staff(Role.SECURITY_CHIEF, full_name="王科长").user
    deputy = make_staff(Role.DEPUTY_DIRECTOR, full_name="赵院长").user
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-FR", name="本机", site=site,
                                       kind="watchroom")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-FR-1", name="门诊大厅 1 号",
                                   area=area, recorder=recorder, stream_url="rtsp://192.0.2.10/1")
    start = (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    minute_mp4 = tmp_path / "minute.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc2=size=160x120:rate=10", "-t", "60", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "20",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(minute_mp4)],
                   check=True)
    for minute in range(3):
        begin = start + dt.timedelta(minutes=minute)
        relpath = storage.segment_relpath(camera.pk, camera.code, begin)
        path = storage.absolute(relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(minute_mp4.read_bytes())
        digest, size = files.sha256_file(path)
        recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=begin,
                               end=begin + dt.timedelta(minutes=1), relpath=relpath,
                               size=size, sha256=digest)
    phones = {}
    for approver in (chief, deputy):
        _device, secret = twofactor.authenticator_enrol(actor=approver)
        twofactor.authenticator_confirm(actor=approver,
                                code=totp.code_at(secret, totp.current_step() - 1))
        phones[approver.pk] = secret
    notice = tmp_path / "调取证据通知书.pdf"
    notice.write_bytes(PDF)

    # The operator enters the police request for the two officers at the desk.
    login(page, operator)
    page.goto("/footage/new/")
    page.locator("#id_requester_type").select_option("police")
    page.locator("#id_requester_name").fill("张警官")
    page.locator("#id_requester_unit").fill("城东派出所")
    page.locator("#id_requester_contact").fill("13800000000")
    page.locator("#id_requester_id_number").fill("警官证 012345")
    page.locator("#id_purpose").fill("调查门诊大厅盗窃案")
    page.locator("#id_need_1").check()
    page.locator("#id_originals").check()  # evidence for a court: the originals go too
    page.locator("#id_officer_1_name").fill("张三")
    page.locator("#id_officer_1_badge").fill("012345")
    page.locator("#id_camera_1").select_option(str(camera.pk))
    local = timezone.localtime(start)
    page.locator("#id_start_1").fill(local.strftime("%Y-%m-%dT%H:%M:%S"))
    page.locator("#id_end_1").fill((local + dt.timedelta(minutes=2)).strftime(
        "%Y-%m-%dT%H:%M:%S"))
    page.get_by_role("button", name="提交申请").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text("调取证据通知书")
    expect(problems).to_contain_text("2")
    assert FootageRequest.objects.count() == 0
    page.locator("#id_officer_2_name").fill("李四")
    page.locator("#id_officer_2_badge").fill("054321")
    page.locator("#id_file_evidence_notice").set_input_files(str(notice))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_test_id("status")).to_contain_text("待审批")
    number = page.get_by_test_id("number").inner_text()
    request = FootageRequest.objects.get(number=number)

    # The security chief, then the deputy director, sign with their authenticator codes.
    for approver in (chief, deputy):
        login(page, approver)
        page.goto(f"/footage/{request.pk}/")
        form = page.get_by_test_id("decide")
        form.get_by_role("radio", name="同意", exact=True).check()
        form.locator("#id_comment").fill("同意调取")
        form.locator("#id_code").fill(totp.code_at(phones[approver.pk], totp.current_step()))
        form.get_by_role("button", name="签署").click()
        expect(page.get_by_test_id("approvals")).to_contain_text(
            approver.staff.full_name)
    expect(page.get_by_test_id("status")).to_contain_text("已批准")
    expect(page.get_by_test_id("originals")).to_contain_text("完整的已封存录像分段文件")

    # The operator exports, downloads and hands the package over.
    login(page, operator)
    page.goto(f"/footage/{request.pk}/")
    page.get_by_test_id("export").get_by_role("button").click()
    expect(page.get_by_test_id("export-progress")).to_contain_text("100%")
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    package = tmp_path / "package.zip"
    download_info.value.save_as(package)
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(folder)
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True,
                          text=True)
    assert sums.returncode == 0, sums.stdout + sums.stderr
    signature = subprocess.run(
        ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public_key.pem", "-rawin",
         "-in", "manifest.json", "-sigfile", "manifest.sig"], cwd=folder,
        capture_output=True, text=True)
    assert "Signature Verified Successfully" in signature.stdout, signature.stderr
    assert len(list((folder / "segments").rglob("*.mp4"))) == 2  # the originals, whole
    clip = next((folder / "clips").rglob("*.mp4"))
    with av.open(str(clip)) as opened:
        assert opened.streams.video[0].frames == 2 * 60 * 10  # the approved two minutes
    victim = clip
    data = bytearray(victim.read_bytes())
    data[0] ^= 0x01
    victim.write_bytes(bytes(data))
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder,
                          capture_output=True).returncode != 0

    page.goto(f"/footage/{request.pk}/")
    handover = page.get_by_test_id("handover")
    handover.locator("#id_recipient_id_number").fill("警官证 012345")
    handover.locator("#id_items").fill("U盘一个（导出包）")
    handover.get_by_role("button").click()
    expect(page.get_by_test_id("handovers")).to_contain_text("张警官")
    page.goto("/footage/")
    expect(page.get_by_test_id("register")).to_contain_text(number)
    expect(page.get_by_test_id("register")).to_contain_text("城东派出所")
    actions = set(AuditEvent.objects.filter(target_id=str(request.pk)).values_list(
        "action", flat=True))
    assert {"footage.request_filed", "footage.request_approved",
            "footage.handed_over"} <= actions
    assert AuditEvent.objects.filter(action="footage.export_downloaded").count() == 1
