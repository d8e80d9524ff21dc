from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "watchroom.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self):
        # Lazy: models and other apps are not loaded before ready().
        from watchroom.alerts import extensions as alert_extensions
        from watchroom.core import extensions as core_extensions
        from watchroom.duty import extensions as duty_extensions
        from watchroom.incidents import links

        # R-HAND-4: the handover form shows the room's open incidents, and an incident
        # open across a handover records it in its timeline.
        duty_extensions.add_handover_section(links.handover_section)
        duty_extensions.on_handover_decided(links.handover_decided)
        # "Turn into an incident" on a duty-log anomaly entry and on an alert.
        duty_extensions.add_entry_links(links.entry_links)
        alert_extensions.add_alert_links(links.alert_links)
        core_extensions.add_home_figures(links.home_figures)
