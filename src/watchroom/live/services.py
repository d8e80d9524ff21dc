"""The wall's writes: saving a layout, opening a live view, and the report of what is
seen (R-INC-1), written into the duty log with the tile's picture."""

from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.audit.services import audit_record
from watchroom.core.validation import invalid
from watchroom.devices.models import Camera
from watchroom.duty.choices import LogCategory
from watchroom.duty.models import LogEntry
from watchroom.duty.services.log import log_entry_write
from watchroom.live import selectors
from watchroom.live.choices import GridSize, Stream
from watchroom.live.models import WallLayout
from watchroom.recording import live_tickets
from watchroom.recording.access import camera_scope_refusal, visible_cameras
from watchroom.recording.services import live_session_open
from watchroom.rules import RuleViolation
from watchroom.service import service

CODECS = ("", "h264")
MAX_ID = 2**31  # a camera's id fits the database's integer


def _layout_problems(grid, pages, cycle_seconds) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if grid not in GridSize.values:
        problems["grid"] = [_("A wall has 1, 4, 9 or 16 tiles.")]
        return problems
    if (not isinstance(pages, list) or not 1 <= len(pages) <= selectors.MAX_PAGES
            or not all(isinstance(page, list) and len(page) == grid for page in pages)):
        problems["pages"] = [_("Give 1 to %(max)s pages of %(grid)s tiles each.") % {
            "max": selectors.MAX_PAGES, "grid": grid}]
    elif not all(c is None or (type(c) is int and 0 < c < MAX_ID) for page in pages
                 for c in page):
        problems["pages"] = [_("A tile holds a camera or nothing.")]
    if not isinstance(cycle_seconds, int) or not (
            cycle_seconds == 0
            or selectors.CYCLE_MIN_S <= cycle_seconds <= selectors.CYCLE_MAX_S):
        problems["cycle_seconds"] = [_("Cycle every %(min)s to %(max)s seconds, or 0 to stay "
                                       "on the first page.") % {
            "min": selectors.CYCLE_MIN_S, "max": selectors.CYCLE_MAX_S}]
    return problems


@service
def wall_layout_save(*, actor, grid: int, pages: list, cycle_seconds: int = 0,
                     room=None) -> WallLayout:
    """A person's own layout, or (with `room`) the room's, set by the room head. Every
    camera on it must be one the person may see (R-FOOT-6)."""
    refusal = selectors.wall_layout_save_refusal(actor, room)
    if refusal is not None:
        raise refusal
    problems = _layout_problems(grid, pages, cycle_seconds)
    if problems:
        raise invalid("R-INC-1", problems)
    wanted = {c for page in pages for c in page if c is not None}
    known = set(Camera.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise invalid("R-INC-1", {"pages": [_("There is no camera %(ids)s.") % {
            "ids": ", ".join(map(str, sorted(wanted - known)))}]})
    seen = set(visible_cameras(actor, Camera.objects.filter(pk__in=wanted))
               .values_list("pk", flat=True))
    if wanted - seen:
        raise RuleViolation("R-FOOT-6", _(
            "A camera of a privacy-sensitive area outside your knowledge scope cannot be "
            "put on a wall."), status=403)
    owner = {"room": room} if room is not None else {"person": actor}
    layout = WallLayout.objects.select_for_update().filter(**owner).first() or \
        WallLayout(**owner)
    layout.grid, layout.pages, layout.cycle_seconds = grid, pages, cycle_seconds
    layout.changed_at, layout.changed_by = timezone.now(), actor
    layout.save()
    audit_record(actor=actor, action="wall.layout_saved", target=layout, data={
        "for": f"room:{room.code}" if room is not None else "person", "grid": grid,
        "pages": pages, "cycle_seconds": cycle_seconds})
    return layout


@service
def live_view_open(*, actor, camera: Camera, stream: str = Stream.MAIN,
                   codec: str = "") -> tuple[object, str]:
    """A viewing session of `camera` and the ticket the recorder's live server opens it
    with (R-FOOT-6: a camera outside the person's knowledge scope is refused and the
    refusal audited). The sub-stream is asked for only where the camera has one."""
    if not actor.has_perm(selectors.WATCH):
        raise RuleViolation("R-INC-1", _("You do not watch the video wall."), status=403)
    refusal = camera_scope_refusal(actor, camera)
    if refusal is not None:
        raise refusal
    if stream not in Stream.values or codec not in CODECS:
        raise invalid("R-INC-1", {"stream": [_("Ask for the main stream or the sub-stream.")]})
    if stream == Stream.SUB and selectors.camera_stream(camera) != Stream.SUB:
        stream = Stream.MAIN
    session = live_session_open(actor=actor, camera=camera, stream=stream)
    ticket = live_tickets.issue(user_id=actor.pk, camera_id=camera.pk, stream=stream,
                                session_id=session.pk, codec=codec)
    return session, ticket


@service
def wall_report(*, actor, camera: Camera, picture: bytes, seen: str, done: str = "",
                told: str = "", at=None, room=None) -> LogEntry:
    """R-INC-1: what the operator sees on a tile, reported at once: an anomaly entry in
    the duty log with the tile's picture attached (R-DUTY-4 decides who may write)."""
    refusal = selectors.wall_report_refusal(actor, room)
    if refusal is not None:
        raise refusal
    return log_entry_write(actor=actor, room=room or selectors.room_of(actor), seen=seen,
                           category=LogCategory.ANOMALY, camera=camera, done=done,
                           told=told, at=at, picture=picture)
