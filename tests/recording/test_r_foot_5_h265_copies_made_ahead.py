"""R-FOOT-5, R-REC-2: the H.264 viewing copy of H.265 footage is made ahead by the worker,
never inside a player's request: a request for a copy not made yet is answered at once
("preparing", Retry-After) and queues it with the next segments'; one maker per copy; a
crashed maker's part file is never served; the originals are only read."""

import datetime as dt
import subprocess
import threading
import time

import imageio_ffmpeg
import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from watchroom.core import files
from watchroom.core.choices import Role
from watchroom.recording import storage, viewing_copies
from watchroom.recording.tasks import h264_copy_task

pytestmark = pytest.mark.django_db


def hevc_clip(path, seconds: int, rate: int, size: str = "320x240") -> bytes:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}",
                    "-t", str(seconds), "-c:v", "libx265", "-preset", "ultrafast",
                    "-tag:v", "hvc1", "-x265-params", f"keyint={2 * rate}:log-level=error",
                    "-movflags", "frag_keyframe+empty_moov+default_base_moof", str(path)],
                   check=True)
    return path.read_bytes()


@pytest.fixture(scope="module")
def hevc_bytes(tmp_path_factory) -> bytes:
    return hevc_clip(tmp_path_factory.mktemp("hevc") / "clip.mp4", 10, 10)


@pytest.fixture
def queued_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.WATCHROOM = {**settings.WATCHROOM, "EXPORTS_DIR": tmp_path / "exports"}
    backend = task_backends["default"]
    backend.clear()
    return backend


def _queued(backend) -> list[int]:
    return [r.args[0] for r in backend.results if r.task.name == "h264_copy_task"]


def test_r_foot_5_a_copy_not_made_is_answered_at_once_as_preparing_then_served(
        make_camera, seal_file, hevc_bytes, user_of, client, queued_tasks):
    camera = make_camera()
    begin = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=2)
    first = seal_file(camera, begin, seconds=10, content=hevc_bytes)
    second = seal_file(camera, begin + dt.timedelta(seconds=10), seconds=10,
                       content=hevc_bytes)
    original = storage.absolute(first.path)
    sealed = files.sha256_file(original)
    client.force_login(user_of(Role.OPERATOR))
    url = reverse("recording:segment_file", args=[first.pk]) + "?basis=playback_check"

    started = time.monotonic()
    answer = client.get(url + "&copy=h264")
    assert time.monotonic() - started < 2  # no transcoding inside the request
    assert answer.status_code == 503 and answer["Retry-After"] == "3"
    assert answer.json()["state"] == "preparing"
    assert _queued(queued_tasks) == [first.pk, second.pk]  # this one and the next
    client.get(url + "&copy=h264")
    assert _queued(queued_tasks) == [first.pk, second.pk]  # queued once

    assert h264_copy_task.call(first.pk) is True  # what the worker runs
    assert h264_copy_task.call(first.pk) is False  # made once
    served = client.get(url + "&copy=h264")
    assert served.status_code == 200 and served["X-Transcoded"] == "1"
    assert served["X-Codec"].startswith("avc1.")
    assert files.sha256_file(original) == sealed
    as_it_is = client.get(url)  # a browser that decodes H.265 never waits
    assert as_it_is.status_code == 200 and as_it_is["X-Transcoded"] == "0"


def test_r_foot_5_a_playlist_asked_for_h264_queues_the_next_segments_copies(
        make_camera, seal_file, hevc_bytes, user_of, client, queued_tasks, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "PLAYBACK_COPY_AHEAD": 2}
    camera = make_camera()
    begin = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=3)
    made = [seal_file(camera, begin + dt.timedelta(seconds=10 * n), seconds=10,
                      content=hevc_bytes) for n in range(3)]
    client.force_login(user_of(Role.OPERATOR))
    asked = {"basis": "playback_check", "camera": camera.pk}
    client.get(reverse("recording:playlist"), asked)
    assert _queued(queued_tasks) == []  # a browser that decodes H.265 needs no copy
    plan = client.get(reverse("recording:playlist"), {**asked, "copy": "h264"}).json()
    assert len(plan["cameras"][0]["segments"]) == 3
    assert _queued(queued_tasks) == [made[0].pk, made[1].pk]


def test_r_foot_5_two_makers_of_one_copy_transcode_it_once(
        make_camera, seal_file, hevc_bytes, queued_tasks):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=5), seconds=10,
                        content=hevc_bytes)
    results, barrier = [], threading.Barrier(2)

    def make():
        barrier.wait()
        results.append(viewing_copies.h264_copy_make(segment))

    threads = [threading.Thread(target=make) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == [False, True]
    folder = viewing_copies.cache_dir()
    assert [p.name for p in folder.glob("*.mp4")] == [viewing_copies.copy_path(segment).name]
    assert not list(folder.glob("*.part"))


def test_r_rec_2_a_crashed_makers_part_file_is_never_served(
        make_camera, seal_file, hevc_bytes, user_of, client, queued_tasks):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=5), seconds=10,
                        content=hevc_bytes)
    folder = viewing_copies.cache_dir()
    folder.mkdir(parents=True)
    target = viewing_copies.copy_path(segment)
    # what a maker killed mid-transcode leaves: half a copy under its part name
    (folder / f".{target.name}.999999.1.part").write_bytes(hevc_bytes[: len(hevc_bytes) // 2])
    client.force_login(user_of(Role.OPERATOR))
    url = reverse("recording:segment_file", args=[segment.pk]) + "?basis=playback_check"
    assert client.get(url + "&copy=h264").status_code == 503
    assert viewing_copies.h264_copy_make(segment) is True
    served = client.get(url + "&copy=h264")
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == target.read_bytes()


def test_r_foot_5_a_browser_decoding_h265_gets_copies_only_for_parts_cut_at_the_edges(
        make_camera, seal_file, hevc_bytes, user_of, client, queued_tasks):
    camera = make_camera()
    now = timezone.now()
    inside = seal_file(camera, now - dt.timedelta(minutes=2), seconds=10, content=hevc_bytes)
    # the playback check's window starts inside this one: its part is cut
    edge = seal_file(camera, now - dt.timedelta(minutes=10, seconds=5), seconds=10,
                     content=hevc_bytes)
    client.force_login(user_of(Role.OPERATOR))
    plan = client.get(reverse("recording:playlist"),
                      {"basis": "playback_check", "camera": camera.pk}).json()
    assert [p["cut"] for p in plan["cameras"][0]["segments"]] == [True, False]
    assert _queued(queued_tasks) == [edge.pk]
    assert inside.pk not in _queued(queued_tasks)


def test_r_rec_2_a_copy_that_cannot_be_made_is_told_not_prepared_forever(
        make_camera, seal_file, hevc_bytes, user_of, client, queued_tasks):
    camera = make_camera()
    segment = seal_file(camera, timezone.now() - dt.timedelta(minutes=5), seconds=10,
                        content=hevc_bytes)
    original = storage.absolute(segment.path)
    original.write_bytes(hevc_bytes[:-100] + b"\0" * 100)  # no longer what was sealed
    with pytest.raises(viewing_copies.SegmentChanged):
        viewing_copies.h264_copy_make(segment)
    client.force_login(user_of(Role.OPERATOR))
    url = reverse("recording:segment_file", args=[segment.pk]) + "?basis=playback_check"
    assert client.get(url + "&copy=h264").status_code == 404  # "could not be played"
    assert not viewing_copies.copy_ready(segment)
