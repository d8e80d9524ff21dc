"""R-FOOT-3, R-FOOT-5 in Chromium: the range player over an approved request. Recorded
segments are coloured so that a picture tells where it comes from: red before the
approved range, green inside it, blue after it. The scrubber reaches both ends of the
range and nothing past them (the first and last pictures shown are green); speeds and
frame steps work; two cameras play in step under one clock."""

import datetime as dt
import subprocess

import imageio_ffmpeg
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import SYSTEM
from tests.support.footage import PDF, Authenticator
from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.devices import services as devices
from watchroom.footage import selectors
from watchroom.footage import services as footage
from watchroom.footage.rules import Upload
from watchroom.recording import services as recording
from watchroom.recording import storage, viewing_copies
from watchroom.recording.models import Segment

from .test_footage_request import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COLOUR_AT = """(selector) => {
  const v = document.querySelector(selector);
  const c = document.createElement('canvas'); c.width = 16; c.height = 12;
  const g = c.getContext('2d'); g.drawImage(v, 0, 0, 16, 12);
  const d = g.getImageData(8, 6, 1, 1).data;
  return [d[0], d[1], d[2]];
}"""
PLAYER = "document.getElementById('player')"


def _minute(path, first: str, second: str) -> None:
    """Sixty seconds at ten pictures a second, keyframes every two: 30 s of `first`,
    then 30 s of `second`, as fragmented MP4 (what the recorder writes)."""
    colour = "color=c={}:s=160x120:r=10:d=30"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", colour.format(first),
                    "-f", "lavfi", "-i", colour.format(second),
                    "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", "-bf", "0",
                    "-pix_fmt", "yuv420p",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)],
                   check=True)


def _name(rgb) -> str:
    return ("red", "green", "blue")[max(range(3), key=lambda k: rgb[k])]


def _t(page) -> float:
    return float(page.evaluate(f"{PLAYER}.dataset.time"))


def _settled(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('#player video')].every("
        "v => v.readyState >= 2 && !v.seeking)", timeout=20_000)
    page.wait_for_timeout(300)


@pytest.fixture
def approved_two_cameras(make_staff, area, site, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings",
                          "EXPORTS_DIR": tmp_path / "exports"}
    executor = make_staff(Role.OPERATOR, full_name="李强").user
    clerk = make_staff(Role.OPERATOR, full_name="王芳").user
    chief = make_staff(Role.SECURITY_CHIEF, full_name="王科长").user
    deputy = make_staff(Role.DEPUTY_DIRECTOR, full_name="赵院长").user
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-RP", name="本机", site=site,
                                       kind="watchroom")
    cameras = [devices.camera_create(actor=SYSTEM, code=f"CAM-RP-{n}", name=f"门诊大厅 {n} 号",
                                     area=area, recorder=recorder,
                                     stream_url=f"rtsp://192.0.2.20/{n}") for n in (1, 2)]
    clips = {}
    for name, first, second in (("a", "red", "green"), ("b", "green", "green"),
                                ("c", "green", "blue")):
        clips[name] = tmp_path / f"{name}.mp4"
        _minute(clips[name], first, second)
    base = (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)
    for camera in cameras:
        for n, name in enumerate("abc"):
            begin = base + dt.timedelta(minutes=n)
            relpath = storage.segment_relpath(camera.pk, camera.code, begin)
            path = storage.absolute(relpath)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(clips[name].read_bytes())
            digest, size = files.sha256_file(path)
            recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=begin,
                                   end=begin + dt.timedelta(minutes=1), relpath=relpath,
                                   size=size, sha256=digest)
    start = base + dt.timedelta(seconds=31.5)
    end = base + dt.timedelta(minutes=2, seconds=28.5)
    request = footage.request_create(
        actor=clerk, requester_type="police", requester_name="张警官",
        requester_unit="城东派出所", requester_contact="13800000000",
        requester_id_number="110101199001011234", purpose="调查门诊大厅盗窃案", need="view",
        scope=[(camera, start, end) for camera in cameras],
        officers=[{"name": "张三", "badge": "012345"}, {"name": "李四", "badge": "054321"}],
        uploads=[Upload("evidence_notice", "通知书.pdf", PDF)])
    for approver in (chief, deputy):
        footage.request_decide(actor=approver, request=request, decision="approved",
                               code=Authenticator(approver).code(), comment="同意")
    request.refresh_from_db()
    return executor, request, cameras, start, end


def test_r_foot_3_the_scrubber_reaches_both_ends_and_nothing_past_them(
        page, approved_two_cameras):
    executor, request, _cameras, start, end = approved_two_cameras
    first, second = selectors.current_scope(request)
    login(page, executor)
    page.goto(f"/footage/{request.pk}/play/{first.pk}/?camera={second.camera_id}")
    expect(page.get_by_test_id("player")).to_have_count(2)
    expect(page.get_by_test_id("keys")).to_contain_text("空格")
    expect(page.get_by_test_id("copy-link")).to_be_hidden()  # viewing only (R-FOOT-5)
    page.wait_for_function(f"() => {PLAYER}.dataset.playing === '1' && "
                           f"Number({PLAYER}.dataset.time) > {start.timestamp() + 1.5}",
                           timeout=30_000)
    assert float(page.evaluate(f"{PLAYER}.dataset.start")) == start.timestamp()
    assert float(page.evaluate(f"{PLAYER}.dataset.end")) == end.timestamp()

    # two cameras in step under one clock
    for _ in range(3):
        times = page.evaluate("[...document.querySelectorAll('#player video')]"
                              ".map(v => v.currentTime)")
        assert abs(times[0] - times[1]) < 0.5, times
        page.wait_for_timeout(400)

    # speed: 4× moves the clock about four seconds a second
    page.get_by_test_id("speed").select_option("4")
    page.wait_for_timeout(500)
    before = _t(page)
    page.wait_for_timeout(2000)
    moved = _t(page) - before
    assert 5 < moved < 11, moved
    assert page.evaluate("document.querySelector('#player video').playbackRate") == 4
    page.get_by_test_id("speed").select_option("0.5")

    # paused, one picture at a time with , and .
    page.keyboard.press(" ")
    expect(page.locator("#player")).to_have_attribute("data-playing", "0")
    _settled(page)
    here = _t(page)
    video_here = page.evaluate("document.querySelector('#player video').currentTime")
    page.keyboard.press(".")
    _settled(page)
    assert abs(_t(page) - here - 0.1) < 0.002
    assert abs(page.evaluate("document.querySelector('#player video').currentTime")
               - video_here - 0.1) < 0.002
    page.keyboard.press(",")
    page.keyboard.press(",")
    _settled(page)
    assert abs(_t(page) - here + 0.1) < 0.002
    page.keyboard.press("ArrowRight")
    assert abs(_t(page) - here - 9.9) < 0.002

    # past the end: the scrubber, the video element itself and the keys stop at its end
    page.evaluate(f"""() => {{ const s = document.querySelector('[data-testid=scrubber]');
        s.value = String({end.timestamp() + 3600});
        s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }}""")
    _settled(page)
    last = _t(page)
    assert end.timestamp() - 0.1 < last < end.timestamp()
    for selector in ("[data-camera] video", f"[data-camera='{second.camera_id}'] video"):
        assert _name(page.evaluate(COLOUR_AT, selector)) == "green"
    page.evaluate("document.querySelector('#player video').currentTime = 1e6")
    _settled(page)
    assert _t(page) <= last
    page.keyboard.press("ArrowRight")
    _settled(page)
    assert _t(page) == last
    assert _name(page.evaluate(COLOUR_AT, "#player video")) == "green"

    # before the start: the first picture is the range's own
    page.evaluate(f"""() => {{ const s = document.querySelector('[data-testid=scrubber]');
        s.value = String({start.timestamp() - 3600});
        s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }}""")
    _settled(page)
    assert _t(page) == start.timestamp()
    assert _name(page.evaluate(COLOUR_AT, "#player video")) == "green"
    assert _name(page.evaluate(COLOUR_AT, f"[data-camera='{second.camera_id}'] video")) \
        == "green"
    page.keyboard.press(",")
    _settled(page)
    assert _t(page) == start.timestamp()

    # the date-time picker (the site's time) jumps inside the range, and no further
    wanted = (start + dt.timedelta(seconds=60)).replace(microsecond=0)  # whole seconds
    page.get_by_test_id("jump").fill(timezone.localtime(wanted).strftime("%Y-%m-%dT%H:%M:%S"))
    _settled(page)
    assert abs(_t(page) - wanted.timestamp()) < 0.001
    page.get_by_test_id("jump").fill(
        timezone.localtime(end + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S"))
    _settled(page)
    assert end.timestamp() - 0.1 < _t(page) < end.timestamp()

    # the timeline zooms from the whole range to minutes
    widths = [float(page.evaluate(f"{PLAYER}.dataset.zoom"))]
    for _ in range(3):
        page.get_by_test_id("zoom-in").click()
        widths.append(float(page.evaluate(f"{PLAYER}.dataset.zoom")))
    assert widths[0] == pytest.approx(end.timestamp() - start.timestamp())
    assert widths[-1] == 60
    assert page.locator("[data-testid=timeline] .is-recorded").count() >= 2


def test_an_h265_camera_plays_in_chromium_as_it_is_or_as_its_h264_copy(
        page, make_staff, area, site, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings",
                          "EXPORTS_DIR": tmp_path / "exports"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    operator = make_staff(Role.OPERATOR, full_name="李强").user
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-HEVC", name="本机", site=site,
                                       kind="watchroom")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-HEVC-1", name="门诊大厅 5 号",
                                   area=area, recorder=recorder,
                                   stream_url="rtsp://192.0.2.21/1")
    begin = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=2)
    relpath = storage.segment_relpath(camera.pk, camera.code, begin)
    path = storage.absolute(relpath)
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "20",
                    "-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1",
                    "-x265-params", "keyint=20:log-level=error",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)],
                   check=True)
    digest, size = files.sha256_file(path)
    recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=begin,
                           end=begin + dt.timedelta(seconds=20), relpath=relpath,
                           size=size, sha256=digest)
    login(page, operator)
    page.goto(f"/recording/cameras/{camera.pk}/playback/")
    decodes = page.evaluate(
        "MediaSource.isTypeSupported('video/mp4; codecs=\"hvc1.1.6.L93.B0\"')")
    if not decodes:  # the copy is prepared by the worker; the player says so meanwhile
        expect(page.locator("[data-state]").first).to_have_text("正在准备此段的查看副本…")
        segment = Segment.objects.get(camera=camera)
        assert viewing_copies.h264_copy_make(segment)
    page.wait_for_function(
        "() => { const v = document.querySelector('#player video');"
        " return v && v.readyState >= 2 && !v.error && v.videoWidth === 320"
        " && Number(document.getElementById('player').dataset.time) > "
        f"{begin.timestamp() + 1}; }}", timeout=30_000)
    codec = page.evaluate("fetch(JSON.parse(document.getElementById('player-config')"
                          ".textContent).playlist).then(r => r.json())"
                          ".then(p => p.cameras[0].codec)")
    assert codec.startswith("hvc1.")
    decodes = page.evaluate(f"MediaSource.isTypeSupported('video/mp4; codecs=\"{codec}\"')")
    state = page.locator("[data-state]").first
    if decodes:
        expect(state).to_have_text("")
    else:
        expect(state).to_contain_text("H.264")
    assert files.sha256_file(path) == (digest, size)


def test_frame_steps_take_the_picture_duration_of_the_part_shown(
        page, make_staff, area, site, settings, tmp_path):
    settings.WATCHROOM = {**settings.WATCHROOM, "RECORDINGS_DIR": tmp_path / "recordings",
                          "EXPORTS_DIR": tmp_path / "exports"}
    operator = make_staff(Role.OPERATOR, full_name="李强").user
    recorder = devices.recorder_create(actor=SYSTEM, code="WR-FPS", name="本机", site=site,
                                       kind="watchroom")
    camera = devices.camera_create(actor=SYSTEM, code="CAM-FPS-1", name="门诊大厅 6 号",
                                   area=area, recorder=recorder,
                                   stream_url="rtsp://192.0.2.22/1")
    begin = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=2)
    for n, rate in enumerate((25, 10)):
        start = begin + dt.timedelta(seconds=10 * n)
        relpath = storage.segment_relpath(camera.pk, camera.code, start)
        path = storage.absolute(relpath)
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", f"testsrc2=size=160x120:rate={rate}",
                        "-t", "10", "-c:v", "libx264", "-preset", "ultrafast",
                        "-g", str(2 * rate), "-bf", "0", "-pix_fmt", "yuv420p",
                        "-movflags", "frag_keyframe+empty_moov+default_base_moof",
                        str(path)], check=True)
        digest, size = files.sha256_file(path)
        recording.segment_seal(actor=SYSTEM, camera_id=camera.pk, start=start,
                               end=start + dt.timedelta(seconds=10), relpath=relpath,
                               size=size, sha256=digest)
    login(page, operator)
    page.goto(f"/recording/cameras/{camera.pk}/playback/")
    page.wait_for_function(f"() => Number({PLAYER}.dataset.time) > {begin.timestamp() + 0.5}",
                           timeout=30_000)
    page.keyboard.press(" ")
    expect(page.locator("#player")).to_have_attribute("data-playing", "0")
    for at, picture in ((begin.timestamp() + 3, 0.04), (begin.timestamp() + 14, 0.1)):
        page.evaluate(f"""() => {{ const s = document.querySelector('[data-testid=scrubber]');
            s.value = String({at}); s.dispatchEvent(new Event('input'));
            s.dispatchEvent(new Event('change')); }}""")
        _settled(page)
        here = _t(page)
        page.keyboard.press(".")
        _settled(page)
        assert abs(_t(page) - here - picture) < 0.002, (at, _t(page) - here)
        page.keyboard.press(",")
        _settled(page)
        assert abs(_t(page) - here) < 0.002
