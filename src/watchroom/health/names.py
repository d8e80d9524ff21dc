"""The image checks' names, as people read them."""

from django.utils.translation import gettext_lazy as _

CHECKS = {
    "black": _("No signal (black picture)"),
    "frozen": _("Frozen picture"),
    "covered": _("Covered"),
    "dark": _("Too dark"),
    "bright": _("Too bright"),
    "moved": _("Scene changed"),
    "blurred": _("Blurred"),
    "cast": _("Colour cast"),
}

STATUSES = {"pass": _("passed"), "fail": _("failed"), "skipped": _("not measured")}

# Every cause a probe names: the camera did not answer, its stream is not what the
# archive records, or an image check failed.
CAUSES = {
    "unreachable": _("Unreachable"),
    "stream": _("Stream not as in the archive"),
    **CHECKS,
}


def cause_name(cause: str) -> str:
    return str(CAUSES.get(cause, cause))
