import datetime as dt
import json
import os

from django.core.management.base import BaseCommand, CommandError

from watchroom.health import images
from watchroom.health.names import CHECKS, STATUSES


def read_picture(path: str):
    import cv2

    picture = cv2.imread(path, cv2.IMREAD_COLOR)
    if picture is None:
        raise CommandError(f"cannot read a picture from {path}", returncode=2)
    return picture


class Command(BaseCommand):
    help = ("Camera health: check-image prints the image checks' verdicts on a picture "
            "as JSON; read-clock reads a device's clock over ONVIF; host-clock this "
            "computer's against standard time; needs no database.")
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser(
            "check-image", help="every image check on a picture, with score and threshold")
        check.add_argument("frames", nargs="+", metavar="FRAME",
                           help="a picture (PNG, JPEG …); several, oldest first, for the "
                                "frozen check, which compares them; the others check the last")
        check.add_argument("--reference", help="the scene as approved, for the scene check")
        check.add_argument("--threshold", action="append", default=[], metavar="CHECK=VALUE",
                           help="a site's threshold in place of the default (repeatable)")
        clock = sub.add_parser(
            "read-clock", help="a camera's or recorder's clock over ONVIF (R-DUTY-5), as JSON; "
                               "the password from WATCHROOM_ONVIF_PASSWORD")
        clock.add_argument("address", help="host:port of the device's ONVIF service")
        clock.add_argument("--user", default="", help="the device's ONVIF user name")
        clock.add_argument("--timeout", type=float, default=5.0, help="seconds (5)")
        clock.add_argument("--recordings", action="store_true",
                           help="also the recordings and their spans, and the gaps inside "
                                "them (a Profile G recorder)")
        clock.add_argument("--gaps-hours", type=float, default=24.0,
                           help="with --recordings: the gaps of the last this many hours, "
                                "in the device's clock (24)")

        host = sub.add_parser(
            "host-clock", help="this computer's clock against standard time (R-DUTY-5), as "
                               "JSON: over SNTP from the time server, else the kernel's state")
        host.add_argument("--server", default=None,
                          help="host[:port] of the time server (default: WATCHROOM_TIME_SERVER)")
        host.add_argument("--timeout", type=float, default=3.0, help="seconds (3)")

    def handle(self, *args, action, frames=(), reference=None, threshold=(), **options):
        if action == "host-clock":
            return self.host_clock(**options)
        if action == "read-clock":
            return self.read_clock(**options)
        try:
            limits = images.Thresholds.of(dict(_pair(item) for item in threshold))
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        pictures = [read_picture(path) for path in frames]
        result = images.check_image(
            pictures[-1], earlier=pictures[:-1], thresholds=limits,
            reference=read_picture(reference) if reference else None)
        verdict = result.as_dict()
        for item in verdict["checks"]:
            item["name"] = str(CHECKS[item["check"]])
            item["verdict"] = str(STATUSES[item["status"]])
            item["fails"] = "below" if item["check"] in images.FAILS_BELOW else "above"
        verdict["fault_name"] = str(CHECKS[result.fault]) if result.fault else None
        self.stdout.write(json.dumps(verdict, ensure_ascii=False, indent=2))
        if result.fault:
            raise SystemExit(1)


    def read_clock(self, *, address, user, timeout, recordings, gaps_hours, **options):
        from watchroom.health import onvif
        password = os.environ.get("WATCHROOM_ONVIF_PASSWORD", "")
        try:
            reading = onvif.read_clock(address, user, password, timeout=timeout)
            answer = {"address": address, "device_utc": reading.device_utc.isoformat(),
                      "offset_s": reading.offset_s, "round_trip_s": reading.round_trip_s}
            if recordings:
                answer["recordings"] = [
                    {"recording": s.recording_token, "source": s.source_name,
                     "track": s.track_token, "type": s.track_type,
                     "from": s.data_from.isoformat(), "to": s.data_to.isoformat()}
                    for s in onvif.recording_spans(address, user, password, timeout=timeout)]
                answer.update(_gaps(onvif, address, user, password, timeout,
                                    until=reading.device_utc, hours=gaps_hours))
        except onvif.OnvifError as exc:
            raise CommandError(f"{exc.kind}: {exc.detail}", returncode=1) from exc
        self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))

    def host_clock(self, *, server, timeout, **options):
        from django.conf import settings

        from watchroom.health import host_clock
        server = settings.WATCHROOM.get("TIME_SERVER", "") if server is None else server
        try:
            reading = host_clock.read_host_clock(server, timeout=timeout)
        except host_clock.HostClockError as exc:
            raise CommandError(f"{exc.kind}: {exc.detail}", returncode=1) from exc
        self.stdout.write(json.dumps({
            "source": server or "kernel", "utc": reading.device_utc.isoformat(),
            "offset_s": reading.offset_s, "round_trip_s": reading.round_trip_s}, indent=2))


def _gaps(onvif, address, user, password, timeout, *, until, hours) -> dict:
    """The gaps inside the recordings (FindEvents), or why they could not be read."""
    try:
        gaps = onvif.recording_gaps(address, user, password, timeout=timeout,
                                    since=until - dt.timedelta(hours=hours), until=until)
    except onvif.OnvifError as exc:
        return {"gaps": None, "gaps_error": f"{exc.kind}: {exc.detail}"}
    return {"gaps": [{"recording": g.recording_token, "track": g.track_token,
                      "from": g.start.isoformat(),
                      "to": g.end.isoformat() if g.end else None, "seconds": g.seconds}
                     for g in gaps]}


def _pair(item: str) -> tuple[str, float]:
    name, _, value = item.partition("=")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise CommandError(f"--threshold wants CHECK=NUMBER, not {item!r}",
                           returncode=2) from None
