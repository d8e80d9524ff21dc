"""What people read for the duty app's alert types (the alert's `kind` is a code)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "duty.check_failed": _("Pre-shift check failed"),
    "duty.handover_refused": _("Handover refused"),
    "duty.no_show": _("Nobody of the shift clocked on"),
    "duty.over_capacity": _("Room over capacity"),
    "duty.uncovered": _("Shift with nobody rostered"),
    "duty.understaffed": _("Shift under-staffed"),
}


def alert_name(kind: str) -> str:
    """The translated name of a duty alert type; the code itself for any other."""
    return str(NAMES.get(kind, kind))
