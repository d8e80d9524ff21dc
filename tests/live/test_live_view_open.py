"""Opening a live view from the wall: a viewing session (recording.services.
live_session_open) and a signed ticket naming the person, the camera, the stream and the
session; the address is the recorder's live server as the browser reaches it; the grid's
sub-stream only where the camera has one, and the H.264 viewing copy when asked."""

from urllib.parse import parse_qs, urlsplit

from watchroom.recording import live_tickets
from watchroom.recording.models import LiveSession


def _open(client, camera, **fields):
    return client.post("/wall/open/", {"camera": camera.pk, **fields})


def test_r_foot_6_opening_a_view_gives_a_ticket_for_this_person_camera_and_stream(
        client, wall, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_PORT": 8010, "LIVE_PUBLIC_URL": ""}
    client.force_login(wall.operator)
    answer = _open(client, wall.hall, stream="main").json()
    url = urlsplit(answer["url"])
    assert (url.scheme, url.netloc, url.path) == ("http", "testserver:8010",
                                                  f"/live/{wall.hall.pk}/main.mp4")
    ticket = live_tickets.read(parse_qs(url.query)["t"][0])
    session = LiveSession.objects.get(pk=answer["session"])
    assert (ticket.user_id, ticket.camera_id, ticket.stream, ticket.session_id, ticket.codec) \
        == (wall.operator.pk, wall.hall.pk, "main", session.pk, "")
    assert (session.user, session.camera, session.stream) == (wall.operator, wall.hall, "main")


def test_the_sub_stream_is_given_only_where_the_camera_has_one(client, wall):
    client.force_login(wall.operator)
    assert _open(client, wall.hall, stream="sub").json()["stream"] == "main"
    type(wall.hall).objects.filter(pk=wall.hall.pk).update(substream_url="rtsp://192.0.2.20/2")
    answer = _open(client, wall.hall, stream="sub").json()
    assert answer["stream"] == "sub" and answer["url"].split("?")[0].endswith("/sub.mp4")


def test_a_browser_without_hevc_asks_for_the_h264_viewing_copy(client, wall):
    client.force_login(wall.operator)
    answer = _open(client, wall.hall, stream="main", codec="h264").json()
    assert live_tickets.read(answer["url"].split("t=")[1]).codec == "h264"
    assert _open(client, wall.hall, stream="main", codec="vp9").status_code == 400


def test_a_public_live_address_is_used_as_it_is(client, wall, settings):
    settings.WATCHROOM = {**settings.WATCHROOM, "LIVE_PUBLIC_URL": "https://live.example.org/"}
    client.force_login(wall.operator)
    url = _open(client, wall.gate).json()["url"]
    assert url.startswith(f"https://live.example.org/live/{wall.gate.pk}/main.mp4?t=")
