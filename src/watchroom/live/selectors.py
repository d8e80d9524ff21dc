"""What the wall shows a person: the cameras they may see (R-FOOT-6, asked of
recording.access.visible_cameras only), as a tree of site → area → camera; the layout
they come back to; the cameras' states; and who may change which layout."""

from django.conf import settings
from django.utils.translation import gettext as _

from watchroom.core.models import MonitoringRoom
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera
from watchroom.duty.selectors.log import WRITE as LOG_WRITE
from watchroom.live.choices import GridSize, Stream
from watchroom.live.models import WallLayout
from watchroom.recording import selectors as recording
from watchroom.recording.access import visible_cameras
from watchroom.rules import RuleViolation

WATCH = "live.watch_wall"
SET_ROOM = "live.set_room_walllayout"
MAX_PAGES = 16
CYCLE_MIN_S, CYCLE_MAX_S = 5, 3600
DEFAULT_GRID = GridSize.FOUR


def wall_cameras(user):
    """The cameras on `user`'s wall: in service or faulty (a faulty one shows its state),
    never retired, and only those the person may see (R-FOOT-6)."""
    cameras = Camera.objects.exclude(status=EquipmentStatus.RETIRED).select_related(
        "area__site")
    return visible_cameras(user, cameras).order_by("area__site__code", "area__code", "code")


def camera_stream(camera) -> str:
    """The grid plays a camera's sub-stream where it has one; full screen, the main."""
    return Stream.SUB if getattr(camera, "substream_url", "") else Stream.MAIN


def camera_card(camera) -> dict:
    return {"id": camera.pk, "code": camera.code, "name": camera.name,
            "area": camera.area.name, "site": camera.area.site.name,
            "grid_stream": camera_stream(camera)}


def camera_tree(user) -> list[dict]:
    """[{site, areas: [{area, cameras: [card…]}]}] of the cameras `user` may see."""
    sites: dict[int, dict] = {}
    for camera in wall_cameras(user):
        area = camera.area
        site = sites.setdefault(area.site_id, {"id": area.site_id, "name": area.site.name,
                                               "areas": {}})
        site["areas"].setdefault(area.pk, {"id": area.pk, "name": area.name,
                                           "code": area.code, "cameras": []})
        site["areas"][area.pk]["cameras"].append(camera_card(camera))
    return [{**s, "areas": list(s["areas"].values())} for s in sites.values()]


def room_of(user) -> MonitoringRoom | None:
    """The person's own room (the first if several), else the first active room."""
    staff = getattr(user, "staff", None)
    rooms = MonitoringRoom.objects.filter(active=True).order_by("code")
    own = staff.rooms.filter(active=True).order_by("code").first() if staff else None
    return own or rooms.first()


def wall_layout_of(user, room) -> tuple[WallLayout | None, str]:
    """The layout a person comes back to: their own, else their room's; and which."""
    own = WallLayout.objects.filter(person=user).first()
    if own is not None:
        return own, "person"
    if room is not None:
        shared = WallLayout.objects.filter(room=room).first()
        if shared is not None:
            return shared, "room"
    return None, "none"


def layout_for_viewer(layout: WallLayout | None, user) -> dict:
    """The layout as `user` sees it: tiles holding a camera they may not see are empty
    (R-FOOT-6), whoever saved the layout."""
    if layout is None:
        return {"grid": int(DEFAULT_GRID), "pages": [[None] * int(DEFAULT_GRID)],
                "cycle_seconds": 0}
    seen = set(visible_cameras(user).values_list("pk", flat=True))
    pages = [[c if c in seen else None for c in page] for page in layout.pages]
    return {"grid": layout.grid, "pages": pages or [[None] * layout.grid],
            "cycle_seconds": layout.cycle_seconds}


def wall_layout_save_refusal(actor, room=None) -> RuleViolation | None:
    """A person saves their own layout when they watch the wall; a room's layout is set
    by the room head."""
    if not actor.has_perm(WATCH):
        return RuleViolation("R-INC-1", _("You do not watch the video wall."), status=403)
    if room is not None and not actor.has_perm(SET_ROOM):
        return RuleViolation("R-INC-1", _("Only the room head sets the room's wall layout."),
                             status=403)
    return None


def camera_states(user, camera_ids) -> dict[int, dict]:
    """The states of the cameras `user` may see among `camera_ids` (others are left out,
    R-FOOT-6), as the wall's tiles read them."""
    ids = list(visible_cameras(user, Camera.objects.filter(pk__in=list(camera_ids)))
               .values_list("pk", flat=True))
    states = recording.camera_states(ids) if ids else {}
    return {pk: {"state": s.state, "label": str(s.label), "recording": bool(s.recording),
                 "since": s.since.isoformat() if s.since else None,
                 "detail": s.detail or ""}
            for pk, s in states.items()}


def clock_zone() -> str:
    return settings.TIME_ZONE


def wall_report_refusal(actor, room=None) -> RuleViolation | None:
    """The report key writes in the duty log: the same rule as writing there (R-DUTY-4),
    in the person's room."""
    if not actor.has_perm(LOG_WRITE):
        return RuleViolation("R-DUTY-4", _("You may not write in the duty log."), status=403)
    if (room or room_of(actor)) is None:
        return RuleViolation("R-INC-1", _("There is no monitoring room yet."), status=409)
    return None


def live_status(camera_id: int):
    """The recorder's status of one camera (its live server's address), or None."""
    return recording.camera_states([camera_id]).get(camera_id)
