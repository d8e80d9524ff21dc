from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "watchroom.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from watchroom.core import extensions

        extensions.add_home_panel(extensions.HomePanel("alerts/partials/home_panel.html",
                                                       home_panel))


def home_panel(request) -> dict | None:
    """The open alerts on the home page, for those who may see alerts (lent to core)."""
    from watchroom.alerts.selectors import open_alerts

    if not request.user.has_perm("alerts.view_alert"):
        return None
    alerts = open_alerts()
    return {"alerts": list(alerts[:8]), "alert_total": alerts.count()}
