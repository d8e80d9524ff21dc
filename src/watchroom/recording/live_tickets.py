"""Tickets for live streams: the web application checks who may watch (R-FOOT-6) and
signs a short-lived ticket naming the person, the camera, the stream and the viewing
session; the recorder's live server serves only what a valid ticket names."""

from dataclasses import dataclass

from django.core import signing

SALT = "watchroom.live"
MAX_AGE_S = 60  # a ticket opens a stream within this time; the stream then runs on
STREAMS = ("main", "sub")


class TicketRefused(Exception):
    pass


@dataclass(frozen=True)
class Ticket:
    user_id: int
    camera_id: int
    stream: str
    session_id: int
    codec: str = ""  # "h264": the browser cannot decode the camera's own codec


def issue(*, user_id: int, camera_id: int, stream: str, session_id: int,
          codec: str = "") -> str:
    if stream not in STREAMS:
        raise ValueError(f"unknown stream {stream!r}")
    return signing.dumps({"u": user_id, "c": camera_id, "s": stream, "v": session_id,
                          "k": codec}, salt=SALT, compress=False)


def read(token: str, *, max_age: float = MAX_AGE_S) -> Ticket:
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
        return Ticket(user_id=int(data["u"]), camera_id=int(data["c"]), stream=data["s"],
                      session_id=int(data["v"]), codec=data.get("k", ""))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise TicketRefused(str(exc)) from exc
