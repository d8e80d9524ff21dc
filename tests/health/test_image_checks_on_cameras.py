"""The image checks on pictures decoded from the RTSP test cameras, each fault made at
the source: every faulty camera is found with the right fault, the healthy one passes
every check."""

import pytest

from tests.support.health_sources import decode
from watchroom.health.images import check_image

pytestmark = pytest.mark.slow

# About two seconds of a 10 fps camera, one picture in five: the frozen check's window.
WINDOW, EVERY = 5, 5


def camera_pictures(rtsp_server_factory, clip, kind: str, variant: int = 0):
    server = rtsp_server_factory(streams=1, source=clip(kind, variant))
    return decode(server.url(0), WINDOW, every=EVERY)


@pytest.mark.parametrize("kind", ["black", "frozen", "blurred", "covered", "dark", "bright",
                                  "cast", "moved"])
def test_a_faulty_camera_is_found_with_its_fault(rtsp_server_factory, clip, reference, kind):
    pictures = camera_pictures(rtsp_server_factory, clip, kind)
    result = check_image(pictures[-1], earlier=pictures[:-1], reference=reference)
    assert result.fault == kind, result.as_dict()
    assert result[kind].ok is False


@pytest.mark.parametrize("variant", [0, 3])
def test_a_healthy_camera_passes_every_check(rtsp_server_factory, clip, reference, variant):
    pictures = camera_pictures(rtsp_server_factory, clip, "normal", variant)
    result = check_image(pictures[-1], earlier=pictures[:-1], reference=reference)
    assert result.failed == [], result.as_dict()
    assert all(v.status == "pass" for v in result.verdicts)


def test_a_darker_room_is_the_same_scene(rtsp_server_factory, clip, reference):
    """The scene check compares shapes, not light: the lights dimmed is no moved camera."""
    pictures = camera_pictures(rtsp_server_factory, clip, "dark", 2)
    result = check_image(pictures[-1], reference=reference)
    assert result["moved"].ok is True
    assert result.fault == "dark"


def test_frozen_needs_pictures_over_time_and_says_so(clip):
    picture = decode(str(clip("frozen")), 1)[0]
    result = check_image(picture)
    assert result["frozen"].status == "skipped"
    assert result["moved"].status == "skipped"
