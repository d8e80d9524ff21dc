import json

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
            "as JSON; needs no database.")
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

    def handle(self, *args, action, frames, reference=None, threshold=(), **options):
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


def _pair(item: str) -> tuple[str, float]:
    name, _, value = item.partition("=")
    try:
        return name.strip(), float(value)
    except ValueError:
        raise CommandError(f"--threshold wants CHECK=NUMBER, not {item!r}",
                           returncode=2) from None
