from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "watchroom.care"
    label = "care"
    verbose_name = _("Equipment care")

    def ready(self):
        # Lazy: models and other apps are not loaded before ready().
        from watchroom.alerts import extensions
        from watchroom.care import (
            automatic,
            history,  # noqa: F401  (registers the history's sources)
            links,
        )
        from watchroom.care.views.history import history_link
        from watchroom.core import extensions as core_extensions
        from watchroom.duty import extensions as duty_extensions

        extensions.on_alert_raised(automatic.on_alert_raised)
        extensions.on_alert_closed(automatic.on_alert_closed)
        # An equipment item's page links to reporting its fault, its repair archive and
        # its history.
        core_extensions.add_place_links(links.equipment_links)
        core_extensions.add_place_links(history_link)
        core_extensions.add_home_figures(links.home_figures)
        core_extensions.add_home_panel(core_extensions.HomePanel(
            "care/partials/reconciliation_panel.html", reconciliation_panel))
        duty_extensions.add_board_card(reconciliation_card)


def reconciliation_card(room, now) -> dict:
    """R-EQUIP-7: the room head's board shows the last seven days' end-of-day
    reconciliation of the room, the days missing marked (lent to duty)."""
    import datetime as dt

    from django.utils import timezone

    from watchroom.care.selectors.reconciliation import reconciliation_missing

    today = timezone.localtime(now).date()
    days = [today - dt.timedelta(days=n) for n in range(1, 8)]
    missing = [day for day in days if reconciliation_missing(room, day)]
    return {"template": "care/partials/reconciliation_card.html", "room": room,
            "missing": missing, "today": today}


def reconciliation_panel(request) -> dict | None:
    """R-EQUIP-7: a room head's home page names the days of their rooms not yet
    reconciled (yesterday, and today from 23:00) (lent to core)."""
    import datetime as dt

    from django.utils import timezone

    from watchroom.care.selectors.reconciliation import SIGN, reconciliation_missing
    from watchroom.core.models import MonitoringRoom

    if not request.user.has_perm(SIGN):
        return None
    staff = getattr(request.user, "staff", None)
    rooms = staff.rooms.filter(active=True) if staff is not None else None
    if rooms is None or not rooms.exists():
        rooms = MonitoringRoom.objects.filter(active=True)
    now = timezone.localtime()
    days = [now.date() - dt.timedelta(days=1)] + ([now.date()] if now.hour >= 23 else [])
    missing = [(room, day) for room in rooms for day in days if reconciliation_missing(room, day)]
    return {"reconciliations_missing": missing} if missing else None
